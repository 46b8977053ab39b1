/**
 * The fetch floor in a process of its own (bench:watch forks it): measured inside Mamori's process,
 * after its passes, the floor's CPU also held whatever Mamori's open runtime did meanwhile, and read
 * 0.21-0.23 ms beside one tree and 0.13-0.15 ms beside the next on the same pages (docs/benchmarks.md).
 * Here nothing else runs: it receives the URLs, concurrency and passes over IPC, answers with the phase.
 */
import { fetchFloor } from './fetch-floor.ts';

interface FloorRequest {
  urls: string[];
  concurrency: number;
  passes: number;
  recorded?: boolean;
}

process.once('message', (message: FloorRequest) => {
  fetchFloor(message.urls, message.concurrency, message.passes, message.recorded).then(
    (phase) => process.send?.({ ok: true, phase }, () => process.exit(0)),
    (error: unknown) => process.send?.({ ok: false, message: String(error) }, () => process.exit(1)),
  );
});
