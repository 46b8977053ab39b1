/**
 * A local RFC 3161 time-stamping authority for tests: `openssl ts -reply` behind an HTTP endpoint on
 * loopback, with a TSA certificate from the throwaway test PKI. Test support only.
 */
import { execFile } from 'node:child_process';
import { writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startHttpServer, type TestServer } from '../fetch/test-servers.ts';
import { createTestPki, type IssuedCertificate, type TestPki } from './test-pki.ts';

const run = promisify(execFile);

export interface TestTsa {
  url: string;
  pki: TestPki;
  tsa: IssuedCertificate;
  requests: number;
  close(): Promise<void>;
}

export async function startTestTsa(): Promise<TestTsa> {
  const pki = await createTestPki();
  const tsa = await pki.issue('tsa', '/CN=Mamori Test TSA/O=Mamori tests', [
    'extendedKeyUsage=critical,timeStamping',
    'keyUsage=critical,digitalSignature',
  ]);
  const config = join(pki.dir, 'tsa.cnf');
  await writeFile(join(pki.dir, 'tsaserial'), '01\n');
  await writeFile(
    config,
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `dir = ${pki.dir}`,
      'serial = $dir/tsaserial',
      `signer_cert = ${tsa.certPath}`,
      `signer_key = ${tsa.keyPath}`,
      `certs = ${tsa.certPath}`,
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = no',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  let n = 0;
  const state = { requests: 0 };
  const server: TestServer = await startHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      const id = ++n;
      const query = join(pki.dir, `q${id}.tsq`);
      const reply = join(pki.dir, `r${id}.tsr`);
      writeFile(query, Buffer.concat(chunks))
        .then(() => run('openssl', ['ts', '-reply', '-config', config, '-queryfile', query, '-out', reply]))
        .then(() => readFile(reply))
        .then((body) => {
          res.writeHead(200, { 'Content-Type': 'application/timestamp-reply', 'Content-Length': String(body.length) });
          res.end(body);
        })
        .catch(() => {
          res.writeHead(500);
          res.end();
        });
    });
  });
  return {
    url: `${server.origin}/tsa`,
    pki,
    tsa,
    get requests() {
      return state.requests;
    },
    async close() {
      await server.close();
      await pki.remove();
    },
  };
}
