/**
 * Costs that grow with change: a defacement that stays up, checked again and again with the same
 * body, stores its bytes once. The repeats are ledger entries that name the capture by hash; verify,
 * export, retention and the incident view follow them. On SQLite and PostgreSQL.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DAY_MS } from './evidence.ts';
import { exportEvidence } from './export.ts';
import { incidentEvidence } from './incident-evidence.ts';
import { applyEvidenceRetention } from './retention.ts';
import { forEachStore, T0, type Rig } from './test-rig.ts';
import type { LedgerEntry, RepeatDetails } from './types.ts';
import { verifyEvidence } from './verify.ts';

const MIN = 60_000;
const REPEATS = 6;

/** Every file under `dir` with its size: what the directory holds, byte for byte by name. */
async function listing(dir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const walk = async (d: string): Promise<void> => {
    const names = await readdir(d, { withFileTypes: true }).catch(() => []);
    for (const n of names) {
      const path = join(d, n.name);
      if (n.isDirectory()) await walk(path);
      else out.set(relative(dir, path), (await stat(path)).size);
    }
  };
  await walk(dir);
  return out;
}

/** Two benign checks (the first is captured), then the defacement, then `REPEATS` more checks of it. */
async function lastingDefacement(rig: Rig, before?: () => Promise<void>): Promise<LedgerEntry[]> {
  for (let i = 0; i < 3; i++) {
    rig.clock.set(T0 + i * MIN);
    await rig.checks.checkPage(rig.page.id);
  }
  rig.deface(true);
  rig.clock.set(T0 + 10 * MIN);
  expect((await rig.checks.checkPage(rig.page.id))?.check.verdict).toBe('tampered');
  await before?.();
  for (let i = 1; i <= REPEATS; i++) {
    rig.clock.set(T0 + (10 + i) * MIN);
    expect((await rig.checks.checkPage(rig.page.id))?.check.verdict).toBe('tampered');
  }
  return rig.ledger.entries(0, 1000);
}

await forEachStore('repeated observations', process.env, (makeRig) => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await makeRig();
  });
  afterEach(async () => rig.cleanup());

  it('stores the body and the evidence of N identical tampered checks once: later checks add ledger rows only', async () => {
    let evidenceBefore = new Map<string, number>();
    let bodiesBefore = new Map<string, number>();
    const entries = await lastingDefacement(rig, async () => {
      evidenceBefore = await listing(join(rig.dir, 'evidence'));
      bodiesBefore = await listing(join(rig.dir, 'blobs'));
    });
    expect(await listing(join(rig.dir, 'evidence'))).toEqual(evidenceBefore);
    expect(await listing(join(rig.dir, 'blobs'))).toEqual(bodiesBefore);

    expect(entries.map((e) => e.kind)).toEqual(['capture', 'capture', ...Array<string>(REPEATS).fill('repeat')]);
    const tampered = entries[1]!;
    for (const repeat of entries.slice(2)) {
      expect(repeat).toMatchObject({ refersToSeq: tampered.seq, evidenceSha256: tampered.evidenceSha256 });
      const details = JSON.parse(repeat.details) as RepeatDetails;
      expect(details).toMatchObject({ verdict: 'tampered', files: [], repeats: { seq: tampered.seq } });
      // The reasons are the capture's: named by code, not copied.
      expect(details.reasons).toBeUndefined();
      expect(details.reasonCodes.length).toBeGreaterThan(0);
      expect(details.imageRefs.map((r) => [r.role, r.seq])).toEqual([
        ['screenshot', tampered.seq],
        ['diff', tampered.seq],
      ]);
    }
    const report = await verifyEvidence(rig.ledger, rig.files, { bodies: { db: rig.handle.db, blobs: rig.bodies } });
    expect(report.problems).toEqual([]);
    expect(report.entries).toBe(2 + REPEATS);
  });

  it('names every repeat whose capture’s WARC is gone, and a repeat that names the wrong capture', async () => {
    const entries = await lastingDefacement(rig);
    const tampered = entries[1]!;
    await rm(rig.files.pathOf(tampered.evidenceSha256!));
    let report = await verifyEvidence(rig.ledger, rig.files);
    expect(report.problems.map((p) => (p.kind === 'file' ? [p.seq, p.role, p.problem] : p.kind))).toEqual([
      [tampered.seq, 'warc', 'missing'],
      ...entries.slice(2).map((e) => [e.seq, 'warc', 'missing']),
    ]);

    // A well-chained entry that claims to repeat the first capture with the defaced body's hash.
    const first = entries[0]!;
    const details = JSON.parse(entries[2]!.details) as RepeatDetails;
    const forged = await rig.ledger.append({
      kind: 'repeat',
      recordedAt: T0 + 30 * MIN,
      pageId: rig.page.id,
      checkId: null,
      url: rig.page.url,
      observedAt: T0 + 30 * MIN,
      refersToSeq: first.seq,
      evidenceSha256: first.evidenceSha256,
      details: { ...details, imageRefs: [], repeats: { ...details.repeats, seq: first.seq } },
    });
    report = await verifyEvidence(rig.ledger, rig.files);
    const repeatProblems = report.problems.filter((p) => p.kind === 'repeat');
    expect(repeatProblems).toEqual([expect.objectContaining({ seq: forged.seq })]);
    expect(repeatProblems[0]!.message).toContain(`capture #${first.seq} recorded`);
  });

  it('exports the repeated capture once, counts its repeats in the report and the incident view', async () => {
    const entries = await lastingDefacement(rig);
    const tampered = entries[1]!;
    const out = join(rig.dir, 'bundle');
    const window = { from: T0 + 5 * MIN, to: T0 + 60 * MIN };
    const result = await exportEvidence(
      { ledger: rig.ledger, files: rig.files, incidents: null, mamoriVersion: 't' },
      { kind: 'page', url: rig.page.url, ...window },
      out,
      T0 + 2 * 60 * MIN,
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.bundle.captures).toBe(1);
    expect(await readdir(join(out, 'warc'))).toHaveLength(1);
    expect(await readdir(join(out, 'screenshots'))).toEqual([`${tampered.seq}-desktop.png`]);
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain(`by ${REPEATS} later check(s) (tampered ×${REPEATS})`);
    const segment = (await readFile(join(out, 'ledger', 'segment.jsonl'), 'utf8')).trim().split('\n');
    expect(segment.filter((l) => l.includes('"kind":"repeat"'))).toHaveLength(REPEATS);

    const records = await incidentEvidence(rig.ledger, { id: '1', pageIds: [rig.page.id], ...window });
    expect(records.map((r) => [r.ledgerSeq, r.kind, r.repeats])).toEqual([
      [entries[0]!.seq, 'warc', 0], // the last capture before the incident
      [tampered.seq, 'warc', REPEATS],
      [tampered.seq, 'screenshot', 0],
      [tampered.seq, 'diff', 0],
    ]);
    expect(records[1]!.lastRepeatedAt).toBe(entries[entries.length - 1]!.observedAt);
  });

  it('keeps a capture’s WARC past retention while a live repeat names it, and lets it go with the last one', async () => {
    const entries = await lastingDefacement(rig);
    const tampered = entries[1]!;
    const warc = rig.files.pathOf(tampered.evidenceSha256!);
    // Captures and repeats are all older than 30 days: everything goes, recorded.
    const later = await applyEvidenceRetention(rig.ledger, rig.files, 30, T0 + 40 * DAY_MS);
    expect(later.deleted).toBe(2 + REPEATS);
    await expect(stat(warc)).rejects.toThrow();
    expect((await verifyEvidence(rig.ledger, rig.files)).problems).toEqual([]);
  });

  it('counts a lasting defacement of a churning page as repeats of one capture, captured again after the sample interval', async () => {
    rig.churn(true);
    const entries = await lastingDefacement(rig);
    expect(entries.map((e) => e.kind)).toEqual(['capture', 'capture', ...Array<string>(REPEATS).fill('repeat')]);
    const tampered = entries[1]!;
    const bodies = new Set<string | null>();
    for (const repeat of entries.slice(2)) {
      const details = JSON.parse(repeat.details) as RepeatDetails;
      expect(details).toMatchObject({ sameBytes: false, verdict: 'tampered', repeats: { seq: tampered.seq } });
      bodies.add(details.bodySha256);
    }
    // Every check saw other bytes (the counter), each named by its own hash.
    expect(bodies.size).toBe(REPEATS);
    expect((await verifyEvidence(rig.ledger, rig.files)).problems).toEqual([]);

    rig.clock.set(T0 + 10 * MIN + DAY_MS);
    await rig.checks.checkPage(rig.page.id);
    expect(await rig.ledger.head()).toMatchObject({ kind: 'capture' });
  });

  it('keeps the WARC when only the capture is past retention', async () => {
    const entries = await lastingDefacement(rig);
    const tampered = entries[1]!;
    // A repeat a month later keeps the capture's bytes alive though the capture itself is old.
    rig.clock.set(T0 + 35 * DAY_MS);
    await rig.checks.checkPage(rig.page.id);
    const last = (await rig.ledger.head())!;
    expect(last).toMatchObject({ kind: 'repeat', refersToSeq: tampered.seq });
    const result = await applyEvidenceRetention(rig.ledger, rig.files, 30, T0 + 36 * DAY_MS);
    expect(result.deleted).toBe(2 + REPEATS);
    expect((await stat(rig.files.pathOf(tampered.evidenceSha256!))).isFile()).toBe(true);
    expect((await verifyEvidence(rig.ledger, rig.files)).problems).toEqual([]);
  });
});
