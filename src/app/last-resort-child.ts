/**
 * Test support (run as a child process by last-resort.test.ts, never imported by the application):
 * the watch as `mamori serve` starts it, last-resort handler included, with one observer that
 * misbehaves on the first check: it throws from a timer (an uncaught exception, as a library's socket
 * callback would) and never settles, so that check's promise is orphaned. Then a plain unhandled
 * rejection. Prints `url <api>` when serving and `checked <n>` for every check the observer sees.
 */
import pino from 'pino';
import { startMamori } from './mamori.ts';
import { installLastResort } from './last-resort.ts';
import type { CheckObserver } from '../pipeline/check-event.ts';
import { startHttpServer } from '../fetch/test-servers.ts';
import { tempDir, testConfig } from '../../test/helpers.ts';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const log = pino({ level: 'error', base: { app: 'mamori' } }, pino.destination(2));
const lastResort = installLastResort(log);
let seen = 0;
const observer: CheckObserver = {
  name: 'misbehaving',
  onCheck() {
    seen += 1;
    say(`checked ${seen}`);
    if (seen > 1) return Promise.resolve();
    setTimeout(() => {
      throw new Error('thrown from a timer by a misbehaving stage');
    }, 10);
    return new Promise<void>(() => undefined);
  },
};
const site = await startHttpServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<html><head><title>Notice</title></head><body><p>Opening hours.</p></body></html>');
});
const tmp = tempDir('mamori-last-resort-');
const config = testConfig(tmp.dir, {
  log: { level: 'error' },
  render: { enabled: false },
  evidence: { enabled: false },
  scheduler: { defaultIntervalSeconds: 5, tickMs: 20 },
  estate: {
    organisations: [{ slug: 'city', name: 'City', sites: [{ origin: site.origin, pages: [`${site.origin}/`] }] }],
  },
});
const mamori = await startMamori(config, log, { lastResort, observers: [observer], checkDeadlineMs: 1500 });
say(`url ${mamori.server?.url ?? ''}`);
setTimeout(() => void Promise.reject(new Error('a rejection nobody handles')), 50);
process.once('SIGTERM', () => {
  void (async () => {
    await mamori.stop();
    await site.close();
    tmp.remove();
    lastResort.uninstall();
    say('stopped');
  })();
});
