import { describe, expect, it } from 'vitest';
import { runDemoCommand } from '../src/cli/commands/demo.ts';
import type { CliIo } from '../src/cli/io.ts';
import { main } from '../src/cli/main.ts';
import { tempDir } from './helpers.ts';
import { DEMO_INCIDENT_TARGETS } from '../src/demo/incidents.ts';

function capture(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (t) => lines.push(t), err: (t) => errors.push(t), isTTY: false };
}

describe('npm run demo', () => {
  it('detects the scripted incidents (pages, a DNS hijack, a certificate about to expire) and shows them in `mamori status`', async () => {
    const tmp = tempDir();
    try {
      const io = capture();
      process.env.MAMORI_DATA_DIR = tmp.dir;
      process.env.MAMORI_SERVER_PORT = '0';
      const code = await runDemoCommand({ exitWhenDone: true, timeout: '120' }, io);
      const text = io.lines.join('\n');
      expect(text).toContain('All incidents detected');
      expect(code).toBe(0);
      expect(text).toMatch(/DETECTED DOWN .*\/policy\/ict\/cybersecurity\//);
      expect(text).toMatch(/DETECTED TAMPERED .*\/procedures\/registration\//);
      expect(text).toMatch(/DETECTED TAMPERED .*\/news\/\n.*hidden-external-link/);
      // The site watches: one ministry's name servers moved, the portal's certificate near its end.
      expect(text).toMatch(/DETECTED TAMPERED DNS of www\.moj\.demo\.test\n.*dns-ns-changed/);
      expect(text).toMatch(
        /DETECTED DEGRADED certificate of portal\.recording\.demo\.test.*\n.*tls-certificate-expires-within-7/,
      );
      // The threat before the attacks, and the claims after: one refuted, one confirmed.
      expect(text).toMatch(/THREAT thr-[0-9a-f]+ “#OpCopyright”: .*日本レコード産業協会/);
      expect(text).toMatch(/CLAIM .*was hacked[^\n]*\n\s+→ REFUTED/);
      expect(text).toMatch(/CLAIM .*\/procedures\/registration\/[^\n]*\n\s+→ CONFIRMED/);
      // Where to look, for a browser: the dashboard, at the start and as the last hint (never an API address).
      expect(text).toMatch(/^\s+Dashboard: http:\/\/127\.0\.0\.1:\d+\/$/m);
      expect(io.lines.at(-1)).toMatch(/^\nOpen the dashboard: http:\/\/127\.0\.0\.1:\d+\/ /);

      // The same database read back by the status command.
      process.env.MAMORI_DATABASE_URL = `sqlite:${tmp.dir}/demo/mamori.db`;
      const status = capture();
      expect(await main(['node', 'mamori', 'status', '--json'], status)).toBe(1);
      const tree = JSON.parse(status.lines.join('')) as {
        organisations: { sites: { pages: { url: string; status: string }[] }[] }[];
      };
      const problems = tree.organisations
        .flatMap((o) => o.sites.flatMap((s) => s.pages))
        .filter((p) => p.status !== 'unchanged' && p.status !== 'changed');
      expect(problems.map((p) => new URL(p.url).pathname).sort()).toEqual(
        Object.values(DEMO_INCIDENT_TARGETS)
          .map((t) => t.path)
          .sort(),
      );
    } finally {
      delete process.env.MAMORI_DATA_DIR;
      delete process.env.MAMORI_SERVER_PORT;
      delete process.env.MAMORI_DATABASE_URL;
      tmp.remove();
    }
  }, 150_000);
});
