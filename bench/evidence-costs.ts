/**
 * bench:evidence --costs: what evidence costs per check once a page stops changing. Runs the real
 * pipeline (fetch on loopback, the check service, the capture observer, SQLite) over one page of ~B
 * bytes: N unchanged checks, then a defacement that stays up for N more checks with the same body and
 * the same screenshot. Twice, side by side in one run: the old behaviour (every capture writes its own
 * WARC and images) and repeats referenced by hash. Evidence bytes are the files written under the
 * evidence directory plus the ledger and file-index rows (their column bytes). Ends with one JSON line.
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import pino from 'pino';
import { sql } from 'kysely';
import { LOOPBACK_OK, TEST_LIMITS, TEST_UA, startHttpServer } from '../src/fetch/test-servers.ts';
import { createFetcher } from '../src/fetch/undici-fetcher.ts';
import { FsBlobStore } from '../src/store/blob-store.ts';
import { openDatabase, type DatabaseHandle } from '../src/store/database.ts';
import { KyselyEstateStore } from '../src/store/kysely-estate-store.ts';
import { CheckService } from '../src/watch/check-page.ts';
import { HostGate } from '../src/watch/host-gate.ts';
import { CaptureObserver } from '../src/evidence/capture-observer.ts';
import { EvidenceStore } from '../src/evidence/evidence-store.ts';
import { EvidenceRecorder } from '../src/evidence/recorder.ts';
import { verifyEvidence } from '../src/evidence/verify.ts';
import { numberFlag } from './lib/args.ts';
import { fmt } from './lib/measure.ts';
import { tempDir } from '../test/helpers.ts';

const MIN = 60_000;

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const d of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(d.parentPath, d.name);
    total += d.isDirectory() ? await dirBytes(path) : (await stat(path)).size;
  }
  return total;
}

/** Column bytes of the ledger and its file index: text lengths, 8 bytes per integer. */
async function ledgerBytes(handle: DatabaseHandle): Promise<number> {
  const { rows } = await sql<{ n: number | null }>`
    select (select coalesce(sum(length(kind) + length(details) + length(prev_hash) + length(entry_hash)
              + coalesce(length(url), 0) + coalesce(length(evidence_sha256), 0) + 6 * 8), 0) from evidence_ledger)
         + (select coalesce(sum(length(sha256) + length(role) + 8), 0) from evidence_files) as n`.execute(handle.db);
  return Number(rows[0]?.n ?? 0);
}

/** Column bytes of the check rows (what rollups replace after the retention window). */
async function checkRowBytes(handle: DatabaseHandle): Promise<{ rows: number; bytes: number }> {
  const { rows } = await sql<{ rows: number; bytes: number | null }>`
    select count(*) as rows, sum(length(outcome) + length(redirects) + length(headers) + length(verdict) + length(reasons)
      + coalesce(length(body_sha256), 0) + coalesce(length(charset), 0) + coalesce(length(remote_address), 0) + 8 * 8) as bytes
    from checks`.execute(handle.db);
  return { rows: Number(rows[0]?.rows ?? 0), bytes: Number(rows[0]?.bytes ?? 0) };
}

/** A screenshot-sized PNG that compresses like a page (text-like noise on a plain background). */
function screenshot(): Buffer {
  const image = new PNG({ width: 1280, height: 800 });
  const noise = randomBytes(1280 * 800);
  for (let i = 0; i < 1280 * 800; i++) {
    const ink = (i % 1280) % 9 < 5 && Math.floor(i / 1280) % 24 < 14 && noise[i]! < 90;
    const v = ink ? 40 : 250;
    image.data.set([v, v, v, 255], i * 4);
  }
  return PNG.sync.write(image);
}

interface Phase {
  checks: number;
  evidenceBytes: number;
  fileBytes: number;
}

interface RunResult {
  unchanged: Phase;
  repeatedTampered: Phase;
  checkRowBytes: number;
  verified: boolean;
}

async function run(mode: 'old' | 'new', html: string, defaced: string, shot: Buffer, n: number): Promise<RunResult> {
  const tmp = tempDir(`mamori-bench-costs-${mode}-`);
  let body = html;
  const server = await startHttpServer((_req: http.IncomingMessage, res: http.ServerResponse) => {
    const bytes = Buffer.from(body);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(bytes.length) });
    res.end(bytes);
  });
  const handle = openDatabase(`sqlite:${join(tmp.dir, 'm.db')}`);
  const store = new KyselyEstateStore(handle);
  await store.migrate();
  const ledger = new EvidenceStore(handle);
  const evidenceDir = join(tmp.dir, 'evidence');
  const files = new FsBlobStore(evidenceDir);
  let now = Date.UTC(2026, 11, 1);
  const clock = { now: () => now, sleep: () => Promise.resolve() };
  const fetcher = createFetcher({ limits: TEST_LIMITS, policy: LOOPBACK_OK, userAgent: TEST_UA });
  const observer = new CaptureObserver({
    ledger,
    recorder: new EvidenceRecorder(ledger, files),
    clock,
    mamoriVersion: 'bench',
    sampleIntervalMs: 24 * 3_600_000,
    referenceRepeats: mode === 'new',
    // What a rendering stage adds to a tampered check: a viewport, a full-page shot and a diff image.
    rendered: (event) =>
      Promise.resolve(
        event.check.verdict === 'tampered'
          ? {
              screenshots: [
                { label: 'viewport', png: shot },
                { label: 'full-page', png: shot },
              ],
              diffImages: [{ label: 'viewport-diff', png: shot }],
            }
          : undefined,
      ),
  });
  const checks = new CheckService({
    store,
    blobs: new FsBlobStore(join(tmp.dir, 'blobs')),
    fetcher,
    gate: new HostGate({ perHostConcurrency: 4, minSpacingMs: 0 }, clock),
    clock,
    log: pino({ level: 'silent' }),
    minSamples: 2,
    observers: [observer],
  });
  const org = await store.upsertOrganisation({ slug: 'city', name: '市役所' }, now);
  const site = await store.upsertSite({ organisationId: org.id, origin: server.origin }, now);
  const { page } = await store.addPage({ siteId: site.id, url: `${server.origin}/news/`, source: 'declared' }, now);
  const check = async (expected: string) => {
    now += MIN;
    const event = await checks.checkPage(page.id);
    if (event?.check.verdict !== expected)
      throw new Error(`expected ${expected}, the check said ${event?.check.verdict ?? 'nothing'}`);
  };
  const cost = async () => ({ files: await dirBytes(evidenceDir), ledger: await ledgerBytes(handle) });
  const phase = async (verdict: string): Promise<Phase> => {
    const before = await cost();
    for (let i = 0; i < n; i++) await check(verdict);
    const after = await cost();
    const fileBytes = after.files - before.files;
    return { checks: n, evidenceBytes: fileBytes + after.ledger - before.ledger, fileBytes };
  };
  now += MIN;
  await checks.checkPage(page.id); // the first check: a capture
  for (let i = 0; i < 3; i++) await check('unchanged');
  const unchanged = await phase('unchanged');
  body = defaced;
  await check('tampered'); // the defacement's capture
  const repeatedTampered = await phase('tampered');
  const rows = await checkRowBytes(handle);
  const verified = (await verifyEvidence(ledger, files)).problems.length === 0;
  await fetcher.close();
  await server.close();
  await handle.db.destroy();
  tmp.remove();
  return { unchanged, repeatedTampered, checkRowBytes: rows.bytes / rows.rows, verified };
}

export async function runEvidenceCosts(argv: string[]): Promise<void> {
  const n = numberFlag(argv, 'checks', 100);
  const bytes = numberFlag(argv, 'bytes', 100_000);
  const paragraphs = Array.from(
    { length: Math.ceil(bytes / 82) },
    (_, i) => `<p id="n${i}">市からのお知らせです。${randomBytes(24).toString('base64')}</p>`,
  );
  const page = (title: string, top: string) =>
    `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>${title}</title></head><body>${top}${paragraphs.join('')}</body></html>`;
  const html = page('お知らせ', '<h1>市からのお知らせ</h1>');
  const defaced = page('Hacked by Bench', '<h1>Hacked by Bench</h1><p>Your security is low. Greetz to all crews.</p>');
  const shot = screenshot();
  const old = await run('old', html, defaced, shot, n);
  const now = await run('new', html, defaced, shot, n);
  const per = (p: Phase) => p.evidenceBytes / p.checks;
  console.log(
    `evidence per check, ${n} checks of a ${Buffer.byteLength(html)}-byte page each way (screenshots ${shot.length} bytes, three per tampered check):`,
  );
  console.log(`                       old (copy every capture)   new (repeats by hash)`);
  console.log(
    `  unchanged            ${fmt(per(old.unchanged), 0).padStart(12)} B            ${fmt(per(now.unchanged), 0).padStart(12)} B   (target <= 1024)`,
  );
  console.log(
    `  repeated tampered    ${fmt(per(old.repeatedTampered), 0).padStart(12)} B            ${fmt(per(now.repeatedTampered), 0).padStart(12)} B   (target <= 2048)`,
  );
  console.log(
    `  files written        ${fmt(old.repeatedTampered.fileBytes, 0).padStart(12)} B            ${fmt(now.repeatedTampered.fileBytes, 0).padStart(12)} B   (over the ${n} repeated tampered checks)`,
  );
  console.log(
    `check row: ${fmt(now.checkRowBytes, 0)} B of columns each; verify: old ${old.verified ? 'intact' : 'PROBLEMS'}, new ${now.verified ? 'intact' : 'PROBLEMS'}`,
  );
  console.log(
    JSON.stringify({
      bench: 'evidence-costs',
      checks: n,
      pageBytes: Buffer.byteLength(html),
      unchangedBytesPerCheck: { old: Math.round(per(old.unchanged)), new: Math.round(per(now.unchanged)) },
      repeatedTamperedBytesPerCheck: {
        old: Math.round(per(old.repeatedTampered)),
        new: Math.round(per(now.repeatedTampered)),
      },
      checkRowBytes: Math.round(now.checkRowBytes),
      verified: old.verified && now.verified,
    }),
  );
}
