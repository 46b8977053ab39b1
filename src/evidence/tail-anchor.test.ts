/**
 * The tail anchor, on SQLite and PostgreSQL: the newest entries deleted with everything that named
 * them (rows, file rows, files) verify clean by the chain alone; the anchor log catches it, and
 * catches a forged new tail; retention does not look like tampering; a time stamp's anchor carries
 * its token.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ackedLinesUntilKilled } from '../store/test-killed-child.ts';
import { DAY_MS } from './evidence.ts';
import { EvidenceStore } from './evidence-store.ts';
import { applyEvidenceRetention } from './retention.ts';
import { AnchorLog, anchorAppends, latestOf, parseAnchor } from './tail-anchor.ts';
import { forEachStore, T0, type Rig } from './test-rig.ts';
import { startTestTsa } from './test-tsa.ts';
import { stampLedgerHead } from './timestamp.ts';
import type { LedgerEntry } from './types.ts';
import { verifyEvidence, type VerifyReport } from './verify.ts';

describe('latestOf', () => {
  it('takes the highest seq, whatever the order, and skips a torn last line', () => {
    const a = (seq: number) =>
      JSON.stringify({ v: 1, seq, entryHash: String(seq).repeat(64).slice(0, 64), count: seq, at: seq * 1000 });
    expect(latestOf([a(3), a(5), a(4), '{"v":1,"seq":9,"entryH'].join('\n'))?.seq).toBe(5);
    expect(latestOf('')).toBeNull();
  });
});

const ANCHOR_CHILD = fileURLToPath(new URL('./test-anchor-child.ts', import.meta.url));

const anchor = (seq: number) => ({ v: 1 as const, seq, entryHash: 'a'.repeat(64), count: seq, at: seq });

describe('AnchorLog group commit', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mamori-anchor-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes anchors appended together in one write, every line whole', async () => {
    const log = new AnchorLog(join(dir, 'anchors'));
    await Promise.all(Array.from({ length: 20 }, (_, i) => log.append(anchor(i + 1))));
    // The first goes out alone; the 19 appended while it was in flight wait and go out together.
    expect(log.writes).toBe(2);
    const lines = (await readFile(log.path, 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => parseAnchor(l)?.seq).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect((await log.latest())?.seq).toBe(20);
  });

  it('fails every append of a group whose write fails, and writes again once it can', async () => {
    const log = new AnchorLog(join(dir, 'anchors'));
    // A file where the directory should be: the directory cannot be made.
    await writeFile(join(dir, 'anchors'), 'not a directory');
    const failed = await Promise.allSettled([log.append(anchor(1)), log.append(anchor(2))]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await rm(join(dir, 'anchors'));
    await log.append(anchor(3));
    expect((await log.latest())?.seq).toBe(3);
  });

  it('loses no acknowledged anchor when the process is killed in the middle of a group', async () => {
    const anchors = join(dir, 'anchors');
    // Killed while groups are in flight: some appends are waiting, one group is being written.
    const acked = (await ackedLinesUntilKilled(ANCHOR_CHILD, [anchors], 200)).map(Number);
    const written = new Set(
      (await readFile(join(anchors, 'ledger-anchors.jsonl'), 'utf8')).split('\n').map((l) => parseAnchor(l)?.seq),
    );
    expect(acked.length).toBeGreaterThanOrEqual(200);
    expect(acked.filter((seq) => !written.has(seq))).toEqual([]);
  }, 60_000);
});

async function twoCaptures(rig: Rig): Promise<LedgerEntry[]> {
  rig.clock.set(T0);
  await rig.checks.checkPage(rig.page.id);
  rig.deface(true);
  rig.clock.set(T0 + 10 * 60_000);
  await rig.checks.checkPage(rig.page.id);
  return (await rig.ledger.entries(0, 100)).filter((e) => e.kind === 'capture');
}

/** What a careful intruder removes: the entry, its file rows and its files. */
async function eraseFrom(rig: Rig, seq: number): Promise<void> {
  const gone = await rig.ledger.entries(seq - 1, 100);
  await sql`delete from evidence_files where ledger_seq >= ${seq}`.execute(rig.handle.db);
  await sql`delete from evidence_ledger where seq >= ${seq}`.execute(rig.handle.db);
  const live = new Set((await rig.ledger.fileRows(0, Number.MAX_SAFE_INTEGER)).map((r) => r.sha256));
  for (const e of gone) {
    for (const f of (JSON.parse(e.details) as { files?: { sha256: string }[] }).files ?? [])
      if (!live.has(f.sha256)) await rm(rig.files.pathOf(f.sha256), { force: true });
  }
}

await forEachStore('tail anchor', process.env, (makeRig) => {
  let rig: Rig;
  let log: AnchorLog;
  const verify = async (): Promise<VerifyReport> =>
    verifyEvidence(rig.ledger, rig.files, { anchors: [{ anchor: await log.latest(), source: 'the anchor log' }] });
  beforeEach(async () => {
    rig = await makeRig();
    log = new AnchorLog(join(rig.dir, 'anchors'));
    anchorAppends(
      rig.ledger,
      log,
      rig.files,
      () => rig.clock.now(),
      (err) => {
        throw err;
      },
    );
  });
  afterEach(async () => rig.cleanup());

  it('anchors every append; untouched evidence verifies', async () => {
    const captures = await twoCaptures(rig);
    const lines = (await readFile(log.path, 'utf8')).trim().split('\n');
    expect(lines.length).toBe(captures.length);
    expect(await log.latest()).toMatchObject({
      seq: captures[1]!.seq,
      entryHash: captures[1]!.entryHash,
      count: captures[1]!.seq,
    });
    expect((await verify()).problems).toEqual([]);
  });

  it('names entries deleted from the end, which the chain alone cannot see', async () => {
    const [, newest] = await twoCaptures(rig);
    await eraseFrom(rig, newest!.seq);
    expect((await verifyEvidence(rig.ledger, rig.files)).problems).toEqual([]);
    const report = await verify();
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'anchor', seq: newest!.seq })]);
    expect(report.problems[0]!.message).toContain(`entries deleted after #${newest!.seq - 1}`);
  });

  it('names a forged tail: the newest entry replaced by another with valid hashes', async () => {
    const [, newest] = await twoCaptures(rig);
    await eraseFrom(rig, newest!.seq);
    // Appended through a ledger that writes no anchor, as an intruder's own code would.
    const forged = await new EvidenceStore(rig.handle).placeHold(
      { subject: 'x', pageId: null, from: null, to: null, reason: 'x' },
      T0,
    );
    expect(forged.entry.seq).toBe(newest!.seq);
    const report = await verify();
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'anchor',
        seq: newest!.seq,
        message: expect.stringContaining('no longer has the hash') as string,
      }),
    ]);
  });

  it('does not mistake retention for deletion', async () => {
    await twoCaptures(rig);
    const result = await applyEvidenceRetention(rig.ledger, rig.files, 1, T0 + 30 * DAY_MS);
    expect(result.deleted).toBe(2);
    expect((await verify()).problems).toEqual([]);
  });

  it('puts the TSA token in the anchor of a time stamp', async () => {
    await twoCaptures(rig);
    const tsa = await startTestTsa();
    try {
      const result = await stampLedgerHead(rig.ledger, rig.files, tsa.url, () => rig.clock.now());
      if (!('stamped' in result) || result.stamped === null) throw new Error('not stamped');
      const anchor = await log.latest();
      const token = await readFile(rig.files.pathOf(result.stamped.evidenceSha256!));
      expect(anchor).toMatchObject({
        seq: result.stamped.seq,
        tsa: { refersToSeq: result.stamped.refersToSeq, tsaUrl: tsa.url },
      });
      expect(Buffer.from(anchor!.tsa!.tokenBase64, 'base64').equals(token)).toBe(true);
    } finally {
      await tsa.close();
    }
  });

  it('reads an anchor copied elsewhere, even when the log itself was removed', async () => {
    const [, newest] = await twoCaptures(rig);
    const copy = join(rig.dir, 'investigator.json');
    await writeFile(copy, JSON.stringify(await log.latest()));
    await rm(log.path);
    await eraseFrom(rig, newest!.seq);
    const external = latestOf(await readFile(copy, 'utf8'));
    const report = await verifyEvidence(rig.ledger, rig.files, {
      anchors: [
        { anchor: await log.latest(), source: 'the log' },
        { anchor: external, source: 'the copy' },
      ],
    });
    expect(report.notes).toEqual([expect.objectContaining({ kind: 'no-anchor' })]);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'anchor', message: expect.stringContaining('the copy') as string }),
    ]);
  });
});
