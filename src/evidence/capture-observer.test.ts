/** The capture observer in the real pipeline: which checks become evidence, and what a down check keeps. */
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { forEachStore, T0, type Rig } from './test-rig.ts';
import { readWarc } from './test-warc.ts';
import type { CaptureDetails } from './types.ts';

const MIN = 60_000;

await forEachStore('capture observer', process.env, (makeRig) => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await makeRig();
  });
  afterEach(async () => rig.cleanup());

  async function checkAt(ms: number): Promise<void> {
    rig.clock.set(ms);
    await rig.checks.checkPage(rig.page.id);
  }

  it('captures the first check, the way down and back up, and a daily sample of a quiet page', async () => {
    await checkAt(T0);
    await checkAt(T0 + MIN);
    await checkAt(T0 + 2 * MIN);
    rig.takeDown(true);
    await checkAt(T0 + 3 * MIN);
    rig.takeDown(false);
    await checkAt(T0 + 4 * MIN);
    await checkAt(T0 + 5 * MIN);
    await checkAt(T0 + 4 * MIN + 24 * 60 * MIN);
    const entries = await rig.ledger.entries(0, 100);
    const triggers = entries.map((c) => [c.kind, (JSON.parse(c.details) as CaptureDetails).trigger]);
    // The sample saw the bytes the way back up recorded: a repeat naming that capture, not a new copy.
    expect(triggers).toEqual([
      ['capture', 'first'],
      ['capture', 'down'],
      ['capture', 'up'],
      ['repeat', 'sample'],
    ]);
    expect(entries.map((c) => c.observedAt)).toEqual([T0, T0 + 3 * MIN, T0 + 4 * MIN, T0 + 4 * MIN + 24 * 60 * MIN]);
    expect(entries[3]).toMatchObject({ refersToSeq: entries[2]!.seq, evidenceSha256: entries[2]!.evidenceSha256 });
    const captures = entries.filter((e) => e.kind === 'capture');

    const down = JSON.parse(captures[1]!.details) as CaptureDetails;
    expect(down).toMatchObject({ verdict: 'down', outcome: 'http-5xx', httpStatus: 503, remoteAddress: '127.0.0.1' });
    const records = await readWarc(await readFile(rig.files.pathOf(captures[1]!.evidenceSha256!)));
    expect(records.find((r) => r.type === 'response')?.payload.toString()).toBe('<h1>Service Unavailable</h1>');
  });
});
