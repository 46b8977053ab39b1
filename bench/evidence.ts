/**
 * bench:evidence: what evidence costs. Writes N captures of one fetched page of ~B bytes (WARC built,
 * gzipped, fsynced into the content-addressed store, one ledger entry each) on SQLite, then runs
 * verify over them (every link, every file re-hashed) and one export. Prints figures, then one JSON line.
 * `--costs`: evidence bytes per unchanged and per repeated tampered check instead (evidence-costs.ts).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { FsBlobStore } from '../src/store/blob-store.ts';
import { openDatabase } from '../src/store/database.ts';
import { runMigrations } from '../src/store/migrator.ts';
import { createFetcher } from '../src/fetch/undici-fetcher.ts';
import type { Check } from '../src/store/types.ts';
import { EvidenceStore } from '../src/evidence/evidence-store.ts';
import { EvidenceRecorder } from '../src/evidence/recorder.ts';
import { verifyEvidence } from '../src/evidence/verify.ts';
import { exportEvidence } from '../src/evidence/export.ts';
import { hasFlag, numberFlag } from './lib/args.ts';
import { runEvidenceCosts } from './evidence-costs.ts';
import { fmt, measure, peakRssMb } from './lib/measure.ts';
import { tempDir } from '../test/helpers.ts';

const argv = process.argv.slice(2);

async function captureBench(): Promise<void> {
  const captures = numberFlag(argv, 'captures', 500);
  const bytes = numberFlag(argv, 'bytes', 100_000);

  // Half prose, half random tokens: compresses about as much as a real page does, not 30-fold.
  const paragraphs = Array.from(
    { length: Math.ceil(bytes / 82) },
    (_, i) => `<p id="n${i}">市からのお知らせです。${randomBytes(24).toString('base64')}</p>`,
  );
  const html = Buffer.from(
    `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>お知らせ</title></head><body>${paragraphs.join('')}</body></html>`,
  );
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(html.length) });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/news/`;
  const fetcher = createFetcher({
    limits: {
      connectTimeoutMs: 5000,
      headersTimeoutMs: 5000,
      totalTimeoutMs: 10_000,
      maxBodyBytes: 10 << 20,
      maxDecodedBytes: 32 << 20,
      maxRedirects: 5,
    },
    policy: { allowLoopback: true, allowPrivate: false, allowCidrs: [] },
    userAgent: 'Mamori-bench/1.0',
  });
  const fetch = await fetcher.fetch({ url });
  await fetcher.close();
  server.close();
  if (!fetch.ok) throw new Error(`fixture fetch failed: ${fetch.failure.message}`);

  const tmp = tempDir('mamori-bench-evidence-');
  const handle = openDatabase(`sqlite:${join(tmp.dir, 'm.db')}`);
  await runMigrations(handle);
  const ledger = new EvidenceStore(handle);
  const files = new FsBlobStore(join(tmp.dir, 'evidence'));
  const recorder = new EvidenceRecorder(ledger, files);
  const T0 = Date.UTC(2026, 11, 1);
  let warcBytes = 0;

  const write = await measure(async () => {
    for (let i = 1; i <= captures; i++) {
      const check: Check = {
        id: i,
        pageId: 1,
        startedAt: T0 + i * 60_000,
        durationMs: 5,
        outcome: 'ok',
        httpStatus: 200,
        redirects: [],
        headers: {},
        bodyBytes: html.length,
        bodySha256: fetch.page.bodySha256,
        bodyKept: true,
        charset: 'utf-8',
        remoteAddress: '127.0.0.1',
        verdict: 'changed',
        reasons: [],
        seenCount: 1,
        lastSeenAt: null,
      };
      const entry = await recorder.record({
        trigger: 'changed',
        page: { id: 1, url },
        check,
        fetch,
        mamoriVersion: 'bench',
        capturedAt: check.startedAt,
      });
      warcBytes += (JSON.parse(entry.details) as { files: { bytes: number }[] }).files[0]!.bytes;
    }
  });
  const verify = await measure(async () => {
    const report = await verifyEvidence(ledger, files);
    if (report.problems.length > 0) throw new Error('verify found problems in fresh evidence');
  });
  const exported = await measure(async () => {
    const result = await exportEvidence(
      { ledger, files, incidents: null, mamoriVersion: 'bench' },
      { kind: 'page', url, from: 0, to: T0 * 2 },
      join(tmp.dir, 'bundle'),
      T0 * 2,
    );
    if (!result.ok) throw new Error(result.error.message);
  });
  await handle.db.destroy();
  tmp.remove();

  const capturesPerSecond = captures / (write.wallMs / 1000);
  const verifyMbPerSecond = warcBytes / 1e6 / (verify.wallMs / 1000);
  console.log(
    `captures: ${captures} of a ${html.length}-byte page; WARC ${fmt(warcBytes / captures / 1024, 1)} KiB each (gzip)`,
  );
  console.log(
    `write:  ${fmt(capturesPerSecond, 0)} captures/s wall, ${fmt(write.cpuMs / captures, 2)} ms CPU each (fsync on)`,
  );
  console.log(
    `verify: ${fmt(verify.wallMs, 0)} ms for ${captures} entries and files, ${fmt(verifyMbPerSecond, 1)} MB/s`,
  );
  console.log(`export: ${fmt(exported.wallMs, 0)} ms for ${captures} captures`);
  console.log(
    JSON.stringify({
      bench: 'evidence',
      captures,
      pageBytes: html.length,
      warcKibEach: Number((warcBytes / captures / 1024).toFixed(1)),
      capturesPerSecond: Number(capturesPerSecond.toFixed(0)),
      cpuMsPerCapture: Number((write.cpuMs / captures).toFixed(2)),
      verifyMs: Number(verify.wallMs.toFixed(0)),
      verifyMbPerSecond: Number(verifyMbPerSecond.toFixed(1)),
      exportMs: Number(exported.wallMs.toFixed(0)),
      peakRssMb: Number(peakRssMb().toFixed(0)),
    }),
  );
}

if (hasFlag(argv, 'costs')) await runEvidenceCosts(argv);
else await captureBench();
