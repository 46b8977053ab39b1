/**
 * Test support (run as a child process by stalled-check.test.ts, never imported by the application):
 * a `mamori worker` on a BullMQ queue with a short stall policy, over the SQLite database in the
 * directory given. Prints `ready` once it takes jobs; the test kills it with SIGKILL mid-check.
 * Arguments: database directory, Redis URL, queue name.
 */
import pino from 'pino';
import { startWorker } from './mamori.ts';
import { testConfig } from '../../test/helpers.ts';
import { TEST_STALL_POLICY } from './stalled-check-support.ts';

const [dir, redisUrl, queueName] = process.argv.slice(2) as [string, string, string];
const config = testConfig(dir, {
  queue: { backend: 'bullmq', redisUrl },
  render: { enabled: false },
  evidence: { enabled: false },
});
await startWorker(config, pino({ level: 'silent' }), {
  queue: { name: queueName, prefix: queueName, stall: TEST_STALL_POLICY },
});
process.stdout.write('ready\n');
