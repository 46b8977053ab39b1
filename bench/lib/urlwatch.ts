import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** urlwatch's CPU seconds (user + system of its process tree) for one run over the given URLs. */
export interface UrlwatchRun {
  cpuMs: number;
  wallMs: number;
  reportedChanged: number;
}

export function urlwatchAvailable(): boolean {
  return spawnSync('sh', ['-c', 'command -v urlwatch'], { encoding: 'utf8' }).status === 0;
}

/**
 * A urlwatch with its own urls.yaml, cache and config in a temp dir. Runs are measured with bash's
 * `times`, which reports the CPU of finished children: urlwatch's whole process tree.
 */
export class Urlwatch {
  private readonly dir = mkdtempSync(join(tmpdir(), 'mamori-urlwatch-'));

  constructor(urls: string[]) {
    writeFileSync(join(this.dir, 'urls.yaml'), urls.map((u) => `url: "${u}"\n`).join('---\n'));
    // A config with every reporter off but stdout, so only change detection is measured.
    execFileSync('sh', [
      '-c',
      `urlwatch --urls ${this.file('urls.yaml')} --config ${this.file('urlwatch.yaml')} --cache ${this.file('cache.db')} --list >/dev/null 2>&1 || true`,
    ]);
  }

  run(): UrlwatchRun {
    const script = `urlwatch --urls ${this.file('urls.yaml')} --config ${this.file('urlwatch.yaml')} --cache ${this.file('cache.db')} > ${this.file('out.txt')} 2>/dev/null; times`;
    const t0 = performance.now();
    const out = execFileSync('bash', ['-c', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const wallMs = performance.now() - t0;
    // `times` prints the shell's own line, then its children's: "0m1.234s 0m0.567s".
    const children = out.trim().split('\n').at(-1) ?? '';
    const cpuMs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
      (ms, m) => ms + (Number(m[1]) * 60 + Number(m[2])) * 1000,
      0,
    );
    const report = execFileSync('sh', ['-c', `cat ${this.file('out.txt')}`], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const reportedChanged = (report.match(/^CHANGED: /gm) ?? []).length;
    return { cpuMs, wallMs, reportedChanged };
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private file(name: string): string {
    return join(this.dir, name);
  }
}
