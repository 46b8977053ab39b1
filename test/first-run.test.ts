/**
 * A new user's first `mamori serve` (what `npm start` runs): the terminal says where the dashboard is
 * and gives the one-time admin password plainly, once, and the JSON log never carries the password.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';

const BIN = new URL('../bin/mamori.js', import.meta.url).pathname;

describe('first start of mamori serve', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it('prints the dashboard address and the one-time password plainly, and logs neither password nor secret', async () => {
    writeFileSync(join(tmp.dir, 'mamori.yaml'), 'database:\n  url: sqlite:./mamori.db\n');
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
      cwd: tmp.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MAMORI_LOG_LEVEL: 'info', MAMORI_AUTH_ADMIN_PASSWORD: '' },
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      const deadline = Date.now() + 120_000;
      while (!/^Dashboard: .*\n[\s\S]*one-time password \S+/m.test(out)) {
        if (Date.now() > deadline) throw new Error(`no banner in time:\n${out}`);
        const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('running'), 200))]);
        if (code !== 'running') throw new Error(`serve exited ${String(code)}:\n${out}`);
      }
      const dashboard = /^Dashboard: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out)?.[1];
      expect(dashboard).toBeDefined();
      const password = /one-time password (\S+)/.exec(out)![1]!;
      // That address is the dashboard for a browser (its sign-in page, or the note to build it when
      // web/dist is absent in a bare checkout), never the API's 401.
      const page = await fetch(dashboard!);
      expect(page.status).not.toBe(401);
      expect(page.headers.get('content-type')).toMatch(/^text\//);
      // The printed password is the admin's.
      const login = await fetch(new URL('/api/auth/login', dashboard), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      const jsonLines = out.split('\n').filter((l) => l.startsWith('{'));
      expect(jsonLines.length).toBeGreaterThan(0);
      expect(jsonLines.filter((l) => l.includes(password))).toEqual([]);
      // Printed once.
      expect(out.split(password).length - 1).toBe(1);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 180_000);
});
