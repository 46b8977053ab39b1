import { access } from 'node:fs/promises';
import { afterEach, beforeEach, expect, it, describe } from 'vitest';
import { DAY_MS } from './evidence.ts';
import { applyEvidenceRetention, isHeld } from './retention.ts';
import { forEachStore, T0, type Rig } from './test-rig.ts';
import type { CaptureDetails, EvidenceHold } from './types.ts';
import { verifyEvidence } from './verify.ts';

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

describe('isHeld', () => {
  const hold: EvidenceHold = {
    id: 1,
    subject: 'case',
    pageId: 5,
    from: 100,
    to: 200,
    reason: 'r',
    createdAt: 0,
    releasedAt: null,
  };
  it('covers captures of the held page inside the window only, while the hold is open', () => {
    expect(isHeld({ pageId: 5, observedAt: 150 }, [hold])).toBe(true);
    expect(isHeld({ pageId: 6, observedAt: 150 }, [hold])).toBe(false);
    expect(isHeld({ pageId: 5, observedAt: 201 }, [hold])).toBe(false);
    expect(isHeld({ pageId: 6, observedAt: 1 }, [{ ...hold, pageId: null, from: null, to: null }])).toBe(true);
    expect(isHeld({ pageId: 5, observedAt: 150 }, [{ ...hold, releasedAt: 300 }])).toBe(false);
  });
});

await forEachStore('evidence retention', process.env, (makeRig) => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await makeRig();
  });
  afterEach(async () => rig.cleanup());

  it('removes old captures except those under an open hold, records each deletion, and the chain still verifies', async () => {
    rig.clock.set(T0);
    await rig.checks.checkPage(rig.page.id); // first
    rig.deface(true);
    rig.clock.set(T0 + 2 * DAY_MS);
    await rig.checks.checkPage(rig.page.id); // tampered
    const [first, tampered] = await rig.ledger.entries(0, 10);
    await rig.ledger.placeHold(
      { subject: 'case:1', pageId: rig.page.id, from: T0 + DAY_MS, to: T0 + 3 * DAY_MS, reason: 'defacement' },
      T0 + 3 * DAY_MS,
    );

    const now = T0 + 40 * DAY_MS;
    const result = await applyEvidenceRetention(rig.ledger, rig.files, 30, now);
    expect(result).toEqual({ deleted: 1, held: 1, filesRemoved: 1 });
    expect(await exists(rig.files.pathOf(first!.evidenceSha256!))).toBe(false);
    for (const f of (JSON.parse(tampered!.details) as CaptureDetails).files)
      expect(await exists(rig.files.pathOf(f.sha256))).toBe(true);
    const head = (await rig.ledger.head())!;
    expect(head).toMatchObject({ kind: 'retention-delete', refersToSeq: first!.seq });
    expect(JSON.parse(head.details)).toEqual({
      reason: 'older than evidence.retentionDays (30)',
      files: [{ sha256: first!.evidenceSha256, removed: true }],
    });

    const report = await verifyEvidence(rig.ledger, rig.files);
    expect(report.problems).toEqual([]);

    // A second pass finds nothing new; releasing the hold lets the rest go.
    expect(await applyEvidenceRetention(rig.ledger, rig.files, 30, now)).toEqual({
      deleted: 0,
      held: 1,
      filesRemoved: 0,
    });
    const [hold] = await rig.ledger.activeHolds();
    await rig.ledger.releaseHold(hold!.id, now);
    expect(await applyEvidenceRetention(rig.ledger, rig.files, 30, now)).toMatchObject({ deleted: 1, held: 0 });
    expect((await verifyEvidence(rig.ledger, rig.files)).problems).toEqual([]);
  });

  it('keeps the evidence of a page with an open incident (holds from elsewhere)', async () => {
    await rig.checks.checkPage(rig.page.id);
    const holds = [
      {
        id: -1,
        subject: 'incident:1',
        pageId: rig.page.id,
        from: null,
        to: null,
        reason: 'open incident 1',
        createdAt: T0,
        releasedAt: null,
      },
    ];
    expect(await applyEvidenceRetention(rig.ledger, rig.files, 1, T0 + 10 * DAY_MS, holds)).toEqual({
      deleted: 0,
      held: 1,
      filesRemoved: 0,
    });
    expect(await applyEvidenceRetention(rig.ledger, rig.files, 1, T0 + 10 * DAY_MS)).toMatchObject({ deleted: 1 });
  });

  it('keeps everything when retentionDays is 0', async () => {
    await rig.checks.checkPage(rig.page.id);
    expect(await applyEvidenceRetention(rig.ledger, rig.files, 0, T0 + 10_000 * DAY_MS)).toEqual({
      deleted: 0,
      held: 0,
      filesRemoved: 0,
    });
  });
});
