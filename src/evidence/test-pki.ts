/**
 * A throwaway PKI for tests, made by the openssl binary in a temp dir: a CA, and certificates it
 * issues (an HTTPS server's, a time-stamping authority's). Test support, and the demo's HTTPS portal
 * (src/demo/site-watch-story.ts): nothing that watches a real estate imports this file.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface IssuedCertificate {
  certPath: string;
  keyPath: string;
  /** PEM. */
  cert: string;
  key: string;
}

export interface TestPki {
  dir: string;
  ca: IssuedCertificate;
  /** A certificate signed by the CA, valid for `days` (1 by default). `extensions` are openssl x509v3 lines (EKU, SAN...). */
  issue(name: string, subject: string, extensions: string[], days?: number): Promise<IssuedCertificate>;
  remove(): Promise<void>;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function read(dir: string, name: string): Promise<IssuedCertificate> {
  const certPath = join(dir, `${name}.pem`);
  const keyPath = join(dir, `${name}.key`);
  return { certPath, keyPath, cert: await readFile(certPath, 'utf8'), key: await readFile(keyPath, 'utf8') };
}

export async function createTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'mamori-pki-'));
  await run('openssl', [
    'req',
    '-x509',
    ...EC,
    '-keyout',
    join(dir, 'ca.key'),
    '-out',
    join(dir, 'ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=Mamori Test CA/O=Mamori tests',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const ca = await read(dir, 'ca');
  let serial = 1;
  return {
    dir,
    ca,
    async issue(name, subject, extensions, days = 1) {
      const csr = join(dir, `${name}.csr`);
      const ext = join(dir, `${name}.ext`);
      await run('openssl', ['req', ...EC, '-keyout', join(dir, `${name}.key`), '-out', csr, '-subj', subject]);
      await writeFile(ext, ['basicConstraints=CA:FALSE', ...extensions].join('\n') + '\n');
      await run('openssl', [
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        ca.certPath,
        '-CAkey',
        ca.keyPath,
        '-set_serial',
        String(++serial),
        '-out',
        join(dir, `${name}.pem`),
        '-days',
        String(days),
        '-extfile',
        ext,
      ]);
      return read(dir, name);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** SHA-256 fingerprint of a PEM certificate as openssl prints it (`AB:CD:...`). */
export async function opensslFingerprint(certPath: string): Promise<string> {
  const { stdout } = await run('openssl', ['x509', '-in', certPath, '-noout', '-fingerprint', '-sha256']);
  return stdout.trim().replace(/^.*=/, '');
}
