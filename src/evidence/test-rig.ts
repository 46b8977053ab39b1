/**
 * A real pipeline for evidence tests: a fixture site on loopback whose news page can be defaced, a
 * real store (SQLite file or a fresh PostgreSQL schema), the real check service with the capture
 * observer, and the evidence files on disk. Test support only.
 */
import type http from 'node:http';
import { join } from 'node:path';
import pino from 'pino';
import { describe } from 'vitest';
import { LOOPBACK_OK, TEST_LIMITS, TEST_UA, startHttpServer, type TestServer } from '../fetch/test-servers.ts';
import { createFetcher } from '../fetch/undici-fetcher.ts';
import { FsBlobStore } from '../store/blob-store.ts';
import { onBothDatabases, testEnv, type TestDatabase } from '../store/both-databases.ts';
import type { DatabaseHandle } from '../store/database.ts';
import { makeTempDir } from '../store/test-support.ts';
import type { EstateStore, Page } from '../store/types.ts';
import { CheckService } from '../watch/check-page.ts';
import type { Clock } from '../pipeline/clock.ts';
import { HostGate } from '../watch/host-gate.ts';
import { CaptureObserver } from './capture-observer.ts';
import { EvidenceStore } from './evidence-store.ts';
import { EvidenceRecorder } from './recorder.ts';

export const PNG_1x1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000200d5b4b7a60000000049454e44ae426082',
  'hex',
);

const NEWS = `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>お知らせ | 市役所</title></head>
<body><header><h1>市役所からのお知らせ</h1></header><main><ul class="news"><li>令和8年12月1日 窓口の受付時間について</li>
<li>令和8年11月20日 防災訓練のお知らせ</li></ul><p>市民の皆さまへの大切なお知らせを掲載しています。ご確認ください。</p></main></body></html>`;

const DEFACED = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Hacked by Nobody</title></head>
<body><h1>Hacked by Nobody</h1><p>Your security is low. Greetz to all crews.</p><img src="https://images.example.net/flag.png"></body></html>`;

export interface Rig {
  dialect: 'sqlite' | 'postgres';
  handle: DatabaseHandle;
  store: EstateStore;
  ledger: EvidenceStore;
  files: FsBlobStore;
  /** Page bodies (the check service's blob store). */
  bodies: FsBlobStore;
  checks: CheckService;
  server: TestServer;
  page: Page;
  clock: Clock & { set(ms: number): void };
  /** Whether the fixture page is defaced now. */
  deface(on: boolean): void;
  /** Whether the fixture page answers 503 now. */
  takeDown(on: boolean): void;
  /** Whether the page carries a visitor counter that changes on every request (a churning page). */
  churn(on: boolean): void;
  dir: string;
  cleanup(): Promise<void>;
}

export const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

async function makeRig(db: TestDatabase): Promise<Rig> {
  const dir = await makeTempDir('mamori-evidence-rig-');
  let defaced = false;
  let down = false;
  let churning = false;
  let visitors = 1000;
  const server = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
    if (down) {
      res.writeHead(503, { 'Content-Type': 'text/html' });
      res.end('<h1>Service Unavailable</h1>');
      return;
    }
    const html = defaced ? DEFACED : NEWS;
    const counter = `<footer><p class="counter">訪問者数 ${visitors++}</p></footer></body>`;
    const body = Buffer.from(churning ? html.replace('</body>', counter) : html, 'utf8');
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': String(body.length),
      Server: 'fixture',
    });
    res.end(body);
  });
  const { handle, store, backend: dialect } = db;
  await store.migrate();
  const ledger = new EvidenceStore(handle);
  const files = new FsBlobStore(join(dir.path, 'evidence'), { fsync: false });
  let now = T0;
  const clock = { now: () => now, sleep: () => Promise.resolve(), set: (ms: number) => void (now = ms) };
  const fetcher = createFetcher({ limits: TEST_LIMITS, policy: LOOPBACK_OK, userAgent: TEST_UA });
  const recorder = new EvidenceRecorder(ledger, files);
  const observer = new CaptureObserver({
    ledger,
    recorder,
    clock,
    mamoriVersion: '0.1.0-test',
    sampleIntervalMs: 24 * 3_600_000,
    // The rendering seam: a screenshot for every check that is not plain.
    rendered: (event) =>
      Promise.resolve(
        event.check.verdict === 'tampered'
          ? { screenshots: [{ label: 'desktop', png: PNG_1x1 }], diffImages: [{ label: 'desktop', png: PNG_1x1 }] }
          : undefined,
      ),
  });
  const log = pino({ level: 'silent' });
  const bodies = new FsBlobStore(join(dir.path, 'blobs'), { fsync: false });
  const checks = new CheckService({
    store,
    blobs: bodies,
    fetcher,
    gate: new HostGate({ perHostConcurrency: 4, minSpacingMs: 0 }, clock),
    clock,
    log,
    minSamples: 2,
    observers: [observer],
  });
  const org = await store.upsertOrganisation({ slug: 'city', name: '市役所' }, T0);
  const site = await store.upsertSite({ organisationId: org.id, origin: server.origin }, T0);
  const { page } = await store.addPage({ siteId: site.id, url: `${server.origin}/news/`, source: 'declared' }, T0);
  return {
    dialect,
    handle,
    store,
    ledger,
    files,
    bodies,
    checks,
    server,
    page,
    clock,
    dir: dir.path,
    deface: (on) => void (defaced = on),
    takeDown: (on) => void (down = on),
    churn: (on) => void (churning = on),
    async cleanup() {
      await fetcher.close();
      await server.close();
      await db.cleanup();
      await dir.remove();
    },
  };
}

/**
 * Runs `suite` once per store: SQLite always, PostgreSQL through the one both-databases harness
 * (store/both-databases.ts: required under CI). Tests pass `process.env`: only tests and src/config
 * read it.
 */
export async function forEachStore(
  name: string,
  env: NodeJS.ProcessEnv,
  suite: (makeRig: () => Promise<Rig>) => void,
): Promise<void> {
  await onBothDatabases(name, testEnv(env), (backend, open) => {
    describe(`${name} (${backend})`, () => {
      suite(async () => makeRig(await open()));
    });
  });
}
