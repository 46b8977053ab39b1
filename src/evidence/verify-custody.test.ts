/**
 * Custody that catches deletion, on SQLite and PostgreSQL: entries, file rows, files on disk and page
 * bodies each account for the others, so removing one of them (behind Mamori's back) is named.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { forEachStore, T0, type Rig } from './test-rig.ts';
import type { LedgerEntry } from './types.ts';
import { verifyEvidence, type VerifyReport } from './verify.ts';

async function deface(rig: Rig): Promise<{ captures: LedgerEntry[]; tampered: LedgerEntry }> {
  for (let i = 0; i < 3; i++) {
    rig.clock.set(T0 + i * 60_000);
    await rig.checks.checkPage(rig.page.id);
  }
  rig.deface(true);
  rig.clock.set(T0 + 10 * 60_000);
  await rig.checks.checkPage(rig.page.id);
  const captures = (await rig.ledger.entries(0, 100)).filter((e) => e.kind === 'capture');
  return { captures, tampered: captures[captures.length - 1]! };
}

const verify = (rig: Rig): Promise<VerifyReport> =>
  verifyEvidence(rig.ledger, rig.files, { bodies: { db: rig.handle.db, blobs: rig.bodies } });

function shasOf(entry: LedgerEntry): string[] {
  return [...new Set((JSON.parse(entry.details) as { files: { sha256: string }[] }).files.map((f) => f.sha256))];
}

await forEachStore('custody cross-checks', process.env, (makeRig) => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await makeRig();
  });
  afterEach(async () => rig.cleanup());

  it('finds nothing wrong with untouched evidence and re-hashes the bodies', async () => {
    await deface(rig);
    const report = await verify(rig);
    expect(report.problems).toEqual([]);
    expect(report.bodiesChecked).toBe(2); // the news page and the defaced page
    expect(report.notes).toEqual([]);
  });

  it('names the newest entry deleted with its file rows kept: the rows are orphaned', async () => {
    const { tampered } = await deface(rig);
    await sql`delete from evidence_ledger where seq >= ${tampered.seq}`.execute(rig.handle.db);
    const report = await verify(rig);
    expect(report.head?.seq).toBe(tampered.seq - 1);
    const orphaned = report.problems.filter((p) => p.kind === 'file-row' && p.problem === 'row-orphaned');
    expect(orphaned.length).toBeGreaterThan(0);
    expect(orphaned.every((p) => p.seq === tampered.seq)).toBe(true);
    expect(orphaned[0]!.message).toContain(`entry #${tampered.seq}`);
  });

  it('names the files left on disk when the newest entry and its file rows are both deleted', async () => {
    const { tampered } = await deface(rig);
    await sql`delete from evidence_files where ledger_seq >= ${tampered.seq}`.execute(rig.handle.db);
    await sql`delete from evidence_ledger where seq >= ${tampered.seq}`.execute(rig.handle.db);
    const report = await verify(rig);
    const stray = report.problems.filter((p) => p.kind === 'unreferenced-file');
    // The WARC is the defacement's alone; its PNG too (the first capture had no render).
    expect(stray.map((p) => p.sha256).sort()).toEqual(shasOf(tampered).sort());
    expect(stray[0]!.message).toContain(rig.files.pathOf(stray[0]!.sha256));
  });

  it('names each file row deleted from a record', async () => {
    const { tampered } = await deface(rig);
    await sql`delete from evidence_files where ledger_seq = ${tampered.seq}`.execute(rig.handle.db);
    const report = await verify(rig);
    expect(report.firstBrokenLink).toBeNull();
    expect(report.problems.map((p) => (p.kind === 'file-row' ? [p.seq, p.problem, p.role] : p.kind)).sort()).toEqual([
      [tampered.seq, 'row-missing', 'diff'],
      [tampered.seq, 'row-missing', 'screenshot'],
      [tampered.seq, 'row-missing', 'warc'],
    ]);
  });

  it('names a file row added for a file the entry does not list', async () => {
    const { captures, tampered } = await deface(rig);
    await sql`insert into evidence_files (ledger_seq, sha256, role) values (${captures[0]!.seq}, ${tampered.evidenceSha256}, 'warc')`.execute(
      rig.handle.db,
    );
    const report = await verify(rig);
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'file-row',
        seq: captures[0]!.seq,
        problem: 'row-unlisted',
        sha256: tampered.evidenceSha256,
      }),
    ]);
  });

  it('names a corrupted and a missing page body, and notes a body no check keeps', async () => {
    await deface(rig);
    const checks = await rig.store.listChecks(rig.page.id, { limit: 10 });
    const bodies = [...new Set(checks.filter((c) => c.bodyKept).map((c) => c.bodySha256!))];
    expect(bodies.length).toBe(2);
    const [first, second] = bodies as [string, string];
    const bytes = await readFile(rig.bodies.pathOf(first));
    bytes[0] = bytes[0]! ^ 0x01;
    await writeFile(rig.bodies.pathOf(first), bytes);
    await rm(rig.bodies.pathOf(second));
    const stray = await rig.bodies.put(Buffer.from('<html>no check names me</html>'));
    const report = await verify(rig);
    expect(report.problems.map((p) => (p.kind === 'body' ? [p.sha256, p.problem] : p.kind)).sort()).toEqual(
      [
        [first, 'corrupted'],
        [second, 'missing'],
      ].sort(),
    );
    const corrupted = report.problems.find((p) => p.kind === 'body' && p.problem === 'corrupted')!;
    expect(corrupted.message).toContain(rig.bodies.pathOf(first));
    expect(corrupted.message).toMatch(/check #\d+/);
    expect(report.notes).toEqual([expect.objectContaining({ kind: 'orphan-body', sha256: stray })]);
  });
});
