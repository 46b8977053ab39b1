/** `mamori check` against a loopback page that answers 204: a problem with the page, never a config error. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type TestServer } from '../../fetch/test-servers.ts';
import { makeTempDir, type TempDir } from '../../store/test-support.ts';
import { runMamori } from '../run-in-memory.ts';

describe('mamori check on a page that answers 204', () => {
  let dir: TempDir;
  let server: TestServer;
  let configFile: string;
  beforeAll(async () => {
    dir = await makeTempDir('mamori-check-204-');
    configFile = join(dir.path, 'mamori.yaml');
    await writeFile(
      configFile,
      `database: { url: "sqlite:./m.db" }\ndataDir: ${JSON.stringify(join(dir.path, 'data'))}\nlog: { level: silent }\nnetwork: { allowLoopback: true }\nrender: { enabled: false }\nevidence: { enabled: false }\n`,
    );
    server = await startHttpServer((_req, res) => res.writeHead(204).end());
  });
  afterAll(async () => {
    await server.close();
    await dir.remove();
  });

  it('exits 1 (problem found) and names the empty response', async () => {
    const run = await runMamori('-c', configFile, 'check', `${server.origin}/`, '--json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.out) as {
      outcome: string;
      httpStatus: number;
      verdict: { kind: string; reasons: { message: string }[] };
    };
    expect(report).toMatchObject({ outcome: 'unsupported-content', httpStatus: 204, verdict: { kind: 'down' } });
    expect(report.verdict.reasons.map((r) => r.message).join(' ')).toContain('Empty response (HTTP 204 No Content)');
  });
});
