import type { StallPolicy } from '../queue/bullmq-queue.ts';

/** Test support: a stall policy short enough to see a killed worker's job re-run within seconds. */
export const TEST_STALL_POLICY: StallPolicy = { lockDurationMs: 2_000, stalledIntervalMs: 1_000, maxStalledCount: 1 };
