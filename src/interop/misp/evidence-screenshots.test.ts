/** Screenshots for MISP and TheHive come from the evidence captures of real checks (SQLite and PostgreSQL). */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { PNG_1x1, T0, forEachStore, type Rig } from '../../evidence/test-rig.ts';
import type { ObservationInput } from '../stix/types.ts';
import { evidenceScreenshots } from './evidence-screenshots.ts';
import { createHash } from 'node:crypto';

const MIN = 60_000;

await forEachStore('MISP screenshots from evidence', process.env, (makeRig) => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await makeRig();
  });
  afterEach(async () => rig.cleanup());

  async function observations(): Promise<ObservationInput[]> {
    const checks = await rig.store.listChecks(rig.page.id, { limit: 50 });
    return checks.map((c) => ({
      checkId: c.id,
      url: rig.page.url,
      at: c.startedAt,
      verdict: c.verdict,
      outcome: c.outcome,
      httpStatus: c.httpStatus,
      remoteAddress: c.remoteAddress,
      reasons: [],
      incidentIds: [],
    }));
  }

  it('returns the screenshot of the tampered check, and none for checks without one', async () => {
    for (let i = 0; i < 3; i++) {
      rig.clock.set(T0 + i * MIN);
      await rig.checks.checkPage(rig.page.id);
    }
    rig.deface(true);
    rig.clock.set(T0 + 10 * MIN);
    await rig.checks.checkPage(rig.page.id);
    const obs = await observations();
    const tampered = obs.find((o) => o.verdict === 'tampered')!;
    expect(tampered).toBeDefined();
    const shots = await evidenceScreenshots(rig).screenshots(obs);
    expect(shots).toEqual([
      {
        checkId: tampered.checkId,
        label: 'desktop',
        sha256: createHash('sha256').update(PNG_1x1).digest('hex'),
        mediaType: 'image/png',
        data: PNG_1x1,
      },
    ]);
  });

  it('skips a screenshot whose file retention removed', async () => {
    rig.clock.set(T0);
    await rig.checks.checkPage(rig.page.id);
    await rig.checks.checkPage(rig.page.id);
    rig.deface(true);
    rig.clock.set(T0 + MIN);
    await rig.checks.checkPage(rig.page.id);
    await rig.files.delete(createHash('sha256').update(PNG_1x1).digest('hex'));
    expect(await evidenceScreenshots(rig).screenshots(await observations())).toEqual([]);
  });
});
