/**
 * The page history routes over the real check pipeline and custody ledger (test-rig.ts: a loopback
 * site, real WARCs, repeats), on SQLite and PostgreSQL: the versions over time with their ledger
 * entries, the diff of any two, each entry opened (hashes, HTTP head, WARC download), and nothing of
 * it for a member of another organisation.
 */
import { gunzipSync } from 'node:zlib';
import pino from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AuthStore } from '../../auth/auth-store.ts';
import { OutboxStore } from '../../alert/outbox-store.ts';
import { forEachStore, PNG_1x1, T0, type Rig } from '../../evidence/test-rig.ts';
import { IncidentService } from '../../incidents/incident-service.ts';
import { IncidentStore } from '../../incidents/incident-store.ts';
import { RenderStateStore } from '../../render/render-state-store.ts';
import { FsBlobStore } from '../../store/blob-store.ts';
import { createApi } from '../app.ts';
import { signIn, testAuthDeps, type SignedIn } from '../auth-test-support.ts';
import { captureTokens } from '../capture/capture-token.ts';
import { failure, ok } from '../test-client.ts';
import type { ApiApp } from '../types.ts';

const MIN = 60_000;

await forEachStore('page history routes', process.env, (makeRig) => {
  let rig: Rig;
  let app: ApiApp;
  let analyst: SignedIn;
  let outsider: SignedIn;
  /** Check ids, oldest first: two benign, the defacement, two repeats of it. */
  let ids: number[];

  beforeEach(async () => {
    rig = await makeRig();
    const incidents = new IncidentStore(rig.handle);
    app = createApi({
      store: rig.store,
      version: 't',
      now: () => T0 + 60 * MIN,
      log: { error: () => undefined } as never,
      auth: testAuthDeps(rig.handle),
      incidents: {
        store: incidents,
        service: new IncidentService({
          incidents,
          store: rig.store,
          routing: { routes: [], maintenance: [] },
          restoreAfterChecks: 2,
          campaignWindowMs: 3_600_000,
          log: pino({ level: 'silent' }),
        }),
        outbox: new OutboxStore(rig.handle),
      },
      console: {
        bodies: rig.bodies,
        renderStates: new RenderStateStore(rig.handle),
        renderBlobs: new FsBlobStore(`${rig.dir}/renders`),
        evidence: { ledger: rig.ledger, files: rig.files },
        incidents,
        captureOrigin: () => null,
        tokens: captureTokens(),
        mamoriVersion: 't',
      },
    });
    const auth = new AuthStore(rig.handle);
    const other = await rig.store.upsertOrganisation({ slug: 'other', name: 'Other' }, T0);
    analyst = await signIn(app, auth, { role: 'analyst' });
    outsider = await signIn(app, auth, { role: 'member', organisationIds: [other.id] });
    ids = [];
    const check = async (minute: number) => {
      rig.clock.set(T0 + minute * MIN);
      ids.push((await rig.checks.checkPage(rig.page.id))!.check.id);
    };
    await check(0);
    await check(1);
    rig.deface(true);
    await check(10);
    await check(11);
    await check(12);
  });
  afterEach(async () => rig.cleanup());

  const pageParam = () => ({ id: rig.page.id });

  it('lists the versions newest first with the ledger entry, screenshot and WARC kept for each; repeats marked', async () => {
    const body = await ok(await analyst.api.pages[':id'].captures.$get({ param: pageParam(), query: {} }));
    expect(body.items.map((i) => i.checkId)).toEqual([...ids].reverse());
    expect(body.nextBefore).toBeNull();
    const [r2, r1, defaced, , first] = body.items;
    expect(first!.ledger?.kind).toBe('capture');
    expect(defaced).toMatchObject({ verdict: 'tampered', sameAsPrevious: false, ledger: { kind: 'capture' } });
    expect(defaced!.screenshot).toMatch(new RegExp(`^/api/evidence/${defaced!.ledger!.seq}/files/[0-9a-f]{64}$`));
    expect(defaced!.warc).toMatch(/^\/api\/evidence\/\d+\/files\/[0-9a-f]{64}$/);
    for (const repeat of [r1!, r2!]) {
      expect(repeat).toMatchObject({
        sameAsPrevious: true,
        ledger: { kind: 'repeat', refersToSeq: defaced!.ledger!.seq },
      });
      // A repeat vouches for the capture's WARC: the same file, not a copy.
      expect(repeat.warc?.split('/').pop()).toBe(defaced!.warc?.split('/').pop());
    }
    const ledger = await rig.ledger.entry(defaced!.ledger!.seq);
    expect(defaced!.ledger).toMatchObject({ entryHash: ledger!.entryHash, prevHash: ledger!.prevHash });

    const shot = await analyst.request(defaced!.screenshot!);
    expect(shot.status).toBe(200);
    expect(shot.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await shot.arrayBuffer()).equals(PNG_1x1)).toBe(true);
  });

  it('pages through the versions with before/limit', async () => {
    const one = await ok(await analyst.api.pages[':id'].captures.$get({ param: pageParam(), query: { limit: 2 } }));
    expect(one.items.map((i) => i.checkId)).toEqual([ids[4], ids[3]]);
    const two = await ok(
      await analyst.api.pages[':id'].captures.$get({
        param: pageParam(),
        query: { limit: 2, before: one.nextBefore! },
      }),
    );
    expect(two.items.map((i) => i.checkId)).toEqual([ids[2], ids[1]]);
    // The oldest shown is compared with the one before it, off the page.
    expect(two.items[1]!.sameAsPrevious).toBe(true);
  });

  it('diffs any two versions of the page: the defacement against the first benign check', async () => {
    const res = await analyst.api.pages[':id'].diff.$get({ param: pageParam(), query: { from: ids[0]!, to: ids[4]! } });
    expect(res.status).toBe(200);
    const body = await ok(res);
    expect(body).toMatchObject({ pageId: rig.page.id, fromCheckId: ids[0], toCheckId: ids[4] });
    expect(body.blocks.filter((b) => b.op === 'added').map((b) => b.text)).toContain('Hacked by Nobody');
    expect(body.blocks.filter((b) => b.op === 'removed').map((b) => b.text)).toContain('市役所からのお知らせ');
    const same = await ok(
      await analyst.api.pages[':id'].diff.$get({ param: pageParam(), query: { from: ids[2]!, to: ids[4]! } }),
    );
    expect([same.added, same.removed]).toEqual([0, 0]);
  });

  it('answers 404 for a version of another page or a body no longer kept', async () => {
    const { page } = await rig.store.addPage(
      { siteId: rig.page.siteId, url: `${rig.page.url}x`, source: 'declared' },
      T0,
    );
    const elsewhere = await analyst.api.pages[':id'].diff.$get({
      param: { id: page.id },
      query: { from: ids[0]!, to: ids[1]! },
    });
    expect(elsewhere.status).toBe(404);
    // Retention dropped the first body (as prune.ts does): that version can no longer be diffed.
    await rig.handle.db.updateTable('checks').set({ body_kept: 0 }).where('id', '=', ids[0]!).execute();
    const gone = await analyst.api.pages[':id'].diff.$get({
      param: pageParam(),
      query: { from: ids[0]!, to: ids[4]! },
    });
    expect(gone.status).toBe(404);
    expect((await failure(gone)).message).toBe(`the body of check ${ids[0]} is no longer kept`);
    const list = await ok(await analyst.api.pages[':id'].captures.$get({ param: pageParam(), query: {} }));
    expect(list.items.at(-1)!.bodyKept).toBe(false);
  });

  it('opens a ledger entry: its hashes, the HTTP head from its WARC, and a WARC download', async () => {
    const list = await ok(await analyst.api.pages[':id'].captures.$get({ param: pageParam(), query: {} }));
    const repeat = list.items[0]!.ledger!;
    const res = await analyst.api.evidence[':seq'].$get({ param: { seq: repeat.seq } });
    expect(res.status).toBe(200);
    const record = await ok(res);
    const entry = await rig.ledger.entry(repeat.seq);
    expect(record.entry).toMatchObject({
      seq: repeat.seq,
      kind: 'repeat',
      entryHash: entry!.entryHash,
      prevHash: entry!.prevHash,
      checkId: ids[4],
    });
    expect(record.chainVerified).toBe(true);
    expect(record.warcState).toBe('kept');
    expect(record.response?.statusLine).toBe('HTTP/1.1 200 OK');
    expect(record.response?.headers).toContainEqual(['Server', 'fixture']);
    expect(record.response?.warc.find(([k]) => k === 'WARC-Target-URI')?.[1]).toBe(rig.page.url);
    const warc = record.files.find((f) => f.kind === 'warc')!;
    expect(warc.href).toBe(list.items[0]!.warc);
    const download = await analyst.request(warc.href!);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename="mamori-\d+-[0-9a-f]{12}\.warc\.gz"$/,
    );
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.length).toBe(warc.size);
    expect(gunzipSync(bytes).subarray(0, 8).toString()).toBe('WARC/1.1');
  });

  it('shows nothing of the page to a member of another organisation (404 everywhere)', async () => {
    const list = await ok(await analyst.api.pages[':id'].captures.$get({ param: pageParam(), query: {} }));
    const item = list.items[2]!;
    const paths = [
      `/api/pages/${rig.page.id}/captures`,
      `/api/pages/${rig.page.id}/diff?from=${ids[0]}&to=${ids[4]}`,
      `/api/evidence/${item.ledger!.seq}`,
      item.warc!,
      item.screenshot!,
    ];
    for (const path of paths) {
      const res = await outsider.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ error: 'not_found' });
    }
  });
});
