/**
 * The "Done when", on SQLite and PostgreSQL: a fixture page is defaced, the pipeline writes
 * evidence, warcio reads it back (library and CLI), verify finds the chain intact, then one changed
 * byte in a WARC, a screenshot and a ledger row (each in turn) is named by verify.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { sql } from 'kysely';
import { readWarc, WARCIO_CLI } from './test-warc.ts';
import { forEachStore, PNG_1x1, T0, type Rig } from './test-rig.ts';
import type { CaptureDetails, LedgerEntry } from './types.ts';
import { verifyEvidence } from './verify.ts';

const run = promisify(execFile);

/** Two benign checks (the first is captured), then the defacement. */
async function deface(rig: Rig): Promise<{ captures: LedgerEntry[]; tampered: LedgerEntry }> {
  for (let i = 0; i < 3; i++) {
    rig.clock.set(T0 + i * 60_000);
    await rig.checks.checkPage(rig.page.id);
  }
  rig.deface(true);
  rig.clock.set(T0 + 10 * 60_000);
  const event = await rig.checks.checkPage(rig.page.id);
  expect(event?.check.verdict).toBe('tampered');
  const captures = (await rig.ledger.entries(0, 100)).filter((e) => e.kind === 'capture');
  return { captures, tampered: captures[captures.length - 1]! };
}

function detailsOf(entry: LedgerEntry): CaptureDetails {
  return JSON.parse(entry.details) as CaptureDetails;
}

async function flipByte(path: string, at: (length: number) => number): Promise<Buffer> {
  const original = await readFile(path);
  const changed = Buffer.from(original);
  const i = at(changed.length);
  changed[i] = changed[i]! ^ 0x01;
  await writeFile(path, changed);
  return original;
}

await forEachStore('evidence of a defacement', process.env, (makeRig) => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await makeRig();
  });
  afterEach(async () => rig.cleanup());

  it('captures the first check and the defacement, not the unchanged checks in between', async () => {
    const { captures } = await deface(rig);
    expect(captures.map((c) => detailsOf(c).trigger)).toEqual(['first', 'tampered']);
    expect(captures.map((c) => c.pageId)).toEqual([rig.page.id, rig.page.id]);
  });

  it('writes WARC 1.1 that warcio reads: raw headers, the defaced body, metadata with verdict and reasons, the screenshot', async () => {
    const { tampered } = await deface(rig);
    const details = detailsOf(tampered);
    const warcRef = details.files.find((f) => f.role === 'warc')!;
    expect(tampered.evidenceSha256).toBe(warcRef.sha256);
    const records = await readWarc(await readFile(rig.files.pathOf(warcRef.sha256)));
    expect(records.map((r) => r.type)).toEqual(['warcinfo', 'request', 'response', 'metadata', 'resource', 'resource']);
    const response = records[2]!;
    expect(response.payload.toString('utf8')).toContain('Hacked by Nobody');
    expect(response.httpHeaders).toContainEqual(['Server', 'fixture']);
    expect(response.warc.get('WARC-IP-Address')).toBe('127.0.0.1');
    const meta = JSON.parse(records[3]!.payload.toString('utf8')) as {
      mamoriVersion: string;
      check: { verdict: string; reasons: { code: string }[] };
      fetch: { remoteAddress: string; timings: unknown };
    };
    expect(meta.mamoriVersion).toBe('0.1.0-test');
    expect(meta.check.verdict).toBe('tampered');
    expect(meta.check.reasons.map((r) => r.code).some((c) => c.startsWith('defacer-'))).toBe(true);
    expect(meta.fetch.remoteAddress).toBe('127.0.0.1');
    expect(meta.fetch.timings).toBeTruthy();
    expect(records[4]!.payload.equals(PNG_1x1)).toBe(true);
    expect(details.files.map((f) => f.role)).toEqual(['warc', 'screenshot', 'diff']);

    const { stdout } = await run(process.execPath, [WARCIO_CLI, 'index', rig.files.pathOf(warcRef.sha256)]);
    const index = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { 'warc-type': string; 'warc-target-uri'?: string });
    expect(index.map((r) => r['warc-type'])).toEqual([
      'warcinfo',
      'request',
      'response',
      'metadata',
      'resource',
      'resource',
    ]);
    expect(index[2]!['warc-target-uri']).toBe(rig.page.url);
  });

  it('verifies an intact chain and every file', async () => {
    const { captures } = await deface(rig);
    const report = await verifyEvidence(rig.ledger, rig.files);
    expect(report.problems).toEqual([]);
    expect(report.firstBrokenLink).toBeNull();
    expect(report.entries).toBe(captures.length);
    expect(report.filesChecked).toBe(3); // two WARCs, one PNG shared by screenshot and diff
    expect(report.head?.seq).toBe(captures.length);
  });

  it('names the WARC with one flipped byte, then the truncated and the missing one, and never throws', async () => {
    const { tampered } = await deface(rig);
    const path = rig.files.pathOf(tampered.evidenceSha256!);
    const original = await flipByte(path, (n) => Math.floor(n / 2));
    let report = await verifyEvidence(rig.ledger, rig.files);
    expect(report.firstBrokenLink).toBeNull();
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'file', seq: tampered.seq, problem: 'corrupted', role: 'warc', path }),
    ]);
    expect(report.problems[0]!.message).toContain(path);

    await writeFile(path, original.subarray(0, original.length - 10));
    report = await verifyEvidence(rig.ledger, rig.files);
    expect(report.problems).toEqual([expect.objectContaining({ seq: tampered.seq, problem: 'truncated', path })]);

    await truncate(path, 0);
    await rm(path);
    report = await verifyEvidence(rig.ledger, rig.files);
    expect(report.problems).toEqual([expect.objectContaining({ seq: tampered.seq, problem: 'missing', path })]);
  });

  it('names the screenshot with one flipped byte, for each entry that uses it', async () => {
    const { tampered } = await deface(rig);
    const shot = detailsOf(tampered).files.find((f) => f.role === 'screenshot')!;
    await flipByte(rig.files.pathOf(shot.sha256), (n) => n - 5);
    const report = await verifyEvidence(rig.ledger, rig.files);
    expect(report.problems.map((p) => (p.kind === 'file' ? [p.seq, p.role, p.problem] : p.kind))).toEqual([
      [tampered.seq, 'screenshot', 'corrupted'],
      [tampered.seq, 'diff', 'corrupted'],
    ]);
  });

  it('names the first broken link when one byte of a ledger row changes', async () => {
    const { captures } = await deface(rig);
    const first = captures[0]!;
    // One character of the recorded URL, changed in the database behind Mamori's back.
    const forged = first.url!.replace('/news/', '/newz/');
    await sql`update evidence_ledger set url = ${forged} where seq = ${first.seq}`.execute(rig.handle.db);
    const report = await verifyEvidence(rig.ledger, rig.files);
    expect(report.firstBrokenLink).toBe(first.seq);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'chain', seq: first.seq, link: 'entry-hash' })]);
  });

  it('survives a ledger row whose details are no longer JSON, naming it twice (hash and content)', async () => {
    const { tampered } = await deface(rig);
    await sql`update evidence_ledger set details = ${tampered.details.slice(0, -1)} where seq = ${tampered.seq}`.execute(
      rig.handle.db,
    );
    const report = await verifyEvidence(rig.ledger, rig.files);
    expect(report.firstBrokenLink).toBe(tampered.seq);
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['chain', tampered.seq],
      ['details', tampered.seq],
    ]);
  });

  it('reports a file replaced by a directory as unreadable', async () => {
    const { tampered } = await deface(rig);
    const path = rig.files.pathOf(tampered.evidenceSha256!);
    await rm(path);
    await mkdir(path);
    const report = await verifyEvidence(rig.ledger, rig.files);
    expect(report.problems).toEqual([expect.objectContaining({ seq: tampered.seq, problem: 'unreadable', path })]);
  });

  it('names a deleted ledger row as a gap', async () => {
    const { captures } = await deface(rig);
    await sql`delete from evidence_ledger where seq = ${captures[0]!.seq}`.execute(rig.handle.db);
    const report = await verifyEvidence(rig.ledger, rig.files);
    expect(report.firstBrokenLink).toBe(captures[1]!.seq);
    expect(report.problems).toContainEqual(
      expect.objectContaining({ kind: 'chain', seq: captures[1]!.seq, link: 'gap' }),
    );
    // Its file rows outlive it and say which entry went.
    expect(report.problems).toContainEqual(
      expect.objectContaining({ kind: 'file-row', seq: captures[0]!.seq, problem: 'row-orphaned' }),
    );
  });
});
