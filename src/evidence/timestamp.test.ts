/** RFC 3161 stamps of the ledger head from a local TSA run by `openssl ts`, on SQLite and PostgreSQL. */
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closedPort, startHttpServer } from '../fetch/test-servers.ts';
import { forEachStore, type Rig } from './test-rig.ts';
import { startTestTsa, type TestTsa } from './test-tsa.ts';
import { exportEvidence } from './export.ts';
import { stampLedgerHead } from './timestamp.ts';
import { parseTimeStampReply, requestTimeStamp, timeStampRequest } from './tsa.ts';
import type { TimestampDetails } from './types.ts';
import { verifyEvidence } from './verify.ts';

const run = promisify(execFile);
const DIGEST = 'ab'.repeat(32);

let tsa: TestTsa;
beforeAll(async () => {
  tsa = await startTestTsa();
}, 30_000);
afterAll(async () => tsa.close());

describe('RFC 3161 client', () => {
  it('builds a request openssl reads as SHA-256 of our digest with a nonce and certReq', async () => {
    const path = `${tsa.pki.dir}/client.tsq`;
    await writeFile(path, timeStampRequest(DIGEST));
    const { stdout } = await run('openssl', ['ts', '-query', '-in', path, '-text']);
    expect(stdout).toContain('Hash Algorithm: sha256');
    // The hex dump's lines: "0000 - ab ab ...-ab ...   ascii"; keep the bytes between the dash and the ascii column.
    const dumped = [...stdout.matchAll(/^\s+[0-9a-f]{4} - (.{47})/gm)].map((m) => m[1]!.replace(/[\s-]/g, '')).join('');
    expect(dumped).toBe(DIGEST);
    expect(stdout).toMatch(/Nonce: 0x[0-9A-F]+/);
    expect(stdout).toContain('Certificate required: yes');
  });

  it('encodes a nonce that starts with zero bytes as minimal DER, which the TSA accepts', async () => {
    for (const first of [0x00, 0x80]) {
      const nonce = Buffer.from([first, 0x01, 2, 3, 4, 5, 6, 7]);
      const path = `${tsa.pki.dir}/nonce-${first}.tsq`;
      await writeFile(path, timeStampRequest(DIGEST, nonce));
      // openssl refuses a non-minimal INTEGER ("bad request format"): the reply must be granted.
      const reply = `${tsa.pki.dir}/nonce-${first}.tsr`;
      const config = `${tsa.pki.dir}/tsa.cnf`;
      await run('openssl', ['ts', '-reply', '-config', config, '-queryfile', path, '-out', reply]);
      const { stdout } = await run('openssl', ['ts', '-reply', '-in', reply, '-text']);
      expect(stdout).toMatch(/Status: Granted/);
    }
  });

  it('gets a token for the digest and refuses one for another digest', async () => {
    const stamp = await requestTimeStamp(tsa.url, DIGEST);
    if ('code' in stamp) throw new Error(stamp.message);
    expect(stamp.policy).toBe('1.2.3.4.1');
    expect(Date.parse(stamp.genTime)).toBeGreaterThan(Date.now() - 60_000);
    expect(parseTimeStampReply(stamp.reply, 'cd'.repeat(32))).toMatchObject({ code: 'mismatch' });
    expect(parseTimeStampReply(Buffer.from('not der'), DIGEST)).toMatchObject({ code: 'malformed' });
  });

  it('reports an unreachable TSA and an HTTP error as values', async () => {
    expect(await requestTimeStamp(`http://127.0.0.1:${await closedPort()}/`, DIGEST)).toMatchObject({
      code: 'unreachable',
    });
    const broken = await startHttpServer((_req, res) => {
      res.writeHead(503);
      res.end();
    });
    try {
      expect(await requestTimeStamp(broken.origin, DIGEST)).toMatchObject({ code: 'http' });
    } finally {
      await broken.close();
    }
  });
});

await forEachStore('ledger time stamps', process.env, (makeRig) => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await makeRig();
  });
  afterEach(async () => rig.cleanup());

  it('stamps the head, records it in the ledger, and openssl verifies the token against the entry hash', async () => {
    expect(await stampLedgerHead(rig.ledger, rig.files, tsa.url, () => 1)).toEqual({
      stamped: null,
      reason: 'empty-ledger',
    });
    await rig.checks.checkPage(rig.page.id);
    const head = (await rig.ledger.head())!;
    const result = await stampLedgerHead(rig.ledger, rig.files, tsa.url, () => 2);
    if (!('stamped' in result) || result.stamped === null) throw new Error(JSON.stringify(result));
    const entry = result.stamped;
    expect(entry).toMatchObject({ kind: 'timestamp', refersToSeq: head.seq, seq: head.seq + 1 });
    const details = JSON.parse(entry.details) as TimestampDetails;
    expect(details.stampedHash).toBe(head.entryHash);
    const tokenPath = rig.files.pathOf(details.file.sha256);
    const { stdout } = await run('openssl', [
      'ts',
      '-verify',
      '-digest',
      head.entryHash,
      '-in',
      tokenPath,
      '-CAfile',
      tsa.pki.ca.certPath,
      '-untrusted',
      tsa.tsa.certPath,
    ]);
    expect(stdout).toContain('Verification: OK');

    expect(await stampLedgerHead(rig.ledger, rig.files, tsa.url, () => 3)).toEqual({
      stamped: null,
      reason: 'head-already-stamped',
    });
    expect((await verifyEvidence(rig.ledger, rig.files)).problems).toEqual([]);

    // An export carries the token; openssl checks the bundled copy.
    rig.deface(true);
    await rig.checks.checkPage(rig.page.id);
    const out = join(rig.dir, 'bundle');
    const exported = await exportEvidence(
      { ledger: rig.ledger, files: rig.files, incidents: null, mamoriVersion: 't' },
      { kind: 'page', url: rig.page.url, from: 0, to: Date.now() + 3_600_000 },
      out,
      4,
    );
    if (!exported.ok) throw new Error(exported.error.message);
    const tokens = await readdir(join(out, 'timestamps'));
    expect(tokens).toEqual([`ledger-${head.seq}-entry-${entry.seq}.tsr`]);
    await run('sha256sum', ['--quiet', '-c', 'manifest.sha256'], { cwd: out });
    const bundled = await run('openssl', [
      'ts',
      '-verify',
      '-digest',
      head.entryHash,
      '-in',
      join(out, 'timestamps', tokens[0]!),
      '-CAfile',
      tsa.pki.ca.certPath,
      '-untrusted',
      tsa.tsa.certPath,
    ]);
    expect(bundled.stdout).toContain('Verification: OK');
    expect(await readFile(join(out, 'report.md'), 'utf8')).toContain('openssl ts -verify');

    const bytes = await readFile(tokenPath);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0x01;
    await writeFile(tokenPath, bytes);
    const report = await verifyEvidence(rig.ledger, rig.files);
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'file',
        seq: entry.seq,
        role: 'timestamp-token',
        problem: 'corrupted',
        path: tokenPath,
      }),
    ]);
  });
});
