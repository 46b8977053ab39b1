import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDemoEstate } from '../src/demo/estate.ts';
import { startEstateServer, type EstateServer } from '../src/demo/estate-server.ts';
import { demoEstateConfig } from '../src/demo/demo-config.ts';
import { DEFACEMENT, DEMO_INCIDENT_TARGETS, HIDDEN_LINK, SUBPAGE_DOWN_CONTROL } from '../src/demo/incidents.ts';
import { openRuntime, type Runtime } from '../src/app/runtime.ts';
import { syncEstate } from '../src/estate/sync-config.ts';
import type { Page } from '../src/store/types.ts';
import { silentLog, tempDir, testConfig } from './helpers.ts';

/**
 * The whole pipeline (fetch → analyse → baseline → verdict → store) against the simulated estate on
 * loopback: benign churn must stay quiet, and the three scripted incidents must each be named.
 */
describe('watch loop on the demo estate', () => {
  const estate = createDemoEstate();
  let server: EstateServer;
  let tmp: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let pages: Page[];

  const urlOf = (ref: { siteKey: string; path: string }) => server.urlFor(ref.siteKey, ref.path);
  const pageOf = async (ref: { siteKey: string; path: string }) => (await runtime.store.getPageByUrl(urlOf(ref)))!;
  const checkAll = () => Promise.all(pages.map((p) => runtime.checks.checkPage(p.id)));

  beforeAll(async () => {
    server = await startEstateServer(estate);
    tmp = tempDir();
    // The static pipeline alone: background renders of all 36 pages would put screenshots into the blob
    // store at moments this suite cannot predict (it counts stored bodies). Rendering has its own suites.
    const config = testConfig(tmp.dir, { render: { enabled: false }, estate: demoEstateConfig(estate, server, 300) });
    runtime = await openRuntime(config, silentLog);
    await syncEstate(runtime.store, config.estate.organisations, Date.now());
    pages = (await runtime.store.listPages({ limit: 1000 })).items;
  });

  afterAll(async () => {
    await runtime?.close();
    await server?.close();
    tmp?.remove();
  });

  it('learns every page through benign churn without raising an alarm', async () => {
    expect(pages.length).toBeGreaterThanOrEqual(30);
    for (let tick = 0; tick < 7; tick++) {
      server.setState({ tick });
      await checkAll();
    }
    const counts = await runtime.store.countPagesByStatus();
    expect(counts.byStatus.down + counts.byStatus.suspicious + counts.byStatus.tampered).toBe(0);
    expect(counts.byStatus.changed + counts.byStatus.unchanged).toBe(pages.length);
    const statutes = await pageOf({ siteKey: 'moj', path: '/statutes/' });
    const last = await runtime.store.getCheck(statutes.lastCheckId!);
    expect(last?.charset).toBe('shift_jis');
    expect(statutes.baseline?.samples).toBeGreaterThanOrEqual(3);
    // Over 200 checks, each analysed in the analysis pool's worker thread (started by the first): tens of seconds on a busy machine.
  }, 60_000);

  it('names the three incidents and leaves every other page alone', async () => {
    server.setState({ tick: 7, incidents: { subpageDown: true, localOfficeDefaced: true, hiddenLinkInListing: true } });
    await checkAll();

    const down = await pageOf(DEMO_INCIDENT_TARGETS.subpageDown);
    expect(down.status).toBe('down');
    const downCheck = await runtime.store.getCheck(down.lastCheckId!);
    expect(downCheck).toMatchObject({ outcome: 'http-5xx', httpStatus: 503, verdict: 'down' });
    expect((await pageOf(SUBPAGE_DOWN_CONTROL)).status).not.toBe('down');

    const defaced = await pageOf(DEMO_INCIDENT_TARGETS.localOfficeDefaced);
    expect(defaced.status).toBe('tampered');
    const defacedCheck = await runtime.store.getCheck(defaced.lastCheckId!);
    const codes = defacedCheck?.reasons.map((r) => r.code) ?? [];
    expect(codes).toEqual(expect.arrayContaining(['new-external-image', 'language-switch']));
    expect(codes.some((c) => c.startsWith('defacer-'))).toBe(true);
    expect(defacedCheck?.reasons.find((r) => r.code === 'new-external-image')?.evidence?.url).toBe(DEFACEMENT.imageUrl);
    expect(defacedCheck?.charset).toBe('shift_jis');

    const listing = await pageOf(DEMO_INCIDENT_TARGETS.hiddenLinkInListing);
    expect(listing.status).toBe('tampered');
    const listingCheck = await runtime.store.getCheck(listing.lastCheckId!);
    expect(listingCheck?.reasons[0]).toMatchObject({
      code: 'hidden-external-link',
      evidence: { url: HIDDEN_LINK.href },
    });

    const targets = new Set(Object.values(DEMO_INCIDENT_TARGETS).map(urlOf));
    const others = (await runtime.store.listPages({ limit: 1000 })).items.filter((p) => !targets.has(p.url));
    expect(others.filter((p) => ['down', 'suspicious', 'tampered'].includes(p.status)).map((p) => p.url)).toEqual([]);
  });

  it('keeps the tampered body as evidence and stores unchanged bodies once', async () => {
    const defaced = await pageOf(DEMO_INCIDENT_TARGETS.localOfficeDefaced);
    const check = await runtime.store.getCheck(defaced.lastCheckId!);
    const body = await runtime.blobs.get(check!.bodySha256!);
    expect(body?.includes(Buffer.from('Hacked by Kuro Team'))).toBe(true);

    // A check of an unchanged page is counted (in its own row or in the run it repeats), not a blob.
    const english = await pageOf({ siteKey: 'moj', path: '/english/' });
    const blobsBefore = countFiles(join(runtime.config.dataDir, 'blobs'));
    const checksOf = async (): Promise<number> =>
      (await runtime.store.listChecks(english.id, { limit: 100 })).reduce((n, c) => n + c.seenCount, 0);
    const before = await checksOf();
    await runtime.checks.checkPage(english.id);
    await runtime.checks.checkPage(english.id);
    expect(await checksOf()).toBe(before + 2);
    expect(countFiles(join(runtime.config.dataDir, 'blobs'))).toBe(blobsBefore);
  });

  it('sees each page return to normal when the incidents end', async () => {
    server.setState({
      tick: 8,
      incidents: { subpageDown: false, localOfficeDefaced: false, hiddenLinkInListing: false },
    });
    await checkAll();
    const counts = await runtime.store.countPagesByStatus();
    expect(counts.byStatus.down + counts.byStatus.suspicious + counts.byStatus.tampered).toBe(0);
  });
});

function countFiles(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}
