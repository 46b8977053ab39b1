import type { ConsoleStatus } from './api-types.ts';

/**
 * The order the dashboard shows the overview's statuses in (filters, counts). The values are the server's (the
 * types come from the contract): `satisfies` fails to compile if one is not the server's, and
 * `Exhaustive` if the server gains one the list lacks.
 */
type Exhaustive<List extends readonly string[], All extends string> = [All] extends [List[number]] ? List : never;

/** The overview's colours, worst first (GET /api/overview). */
const consoleStatuses = [
  'tampered',
  'down',
  'suspicious',
  'degraded',
  'unknown',
  'up',
] as const satisfies readonly ConsoleStatus[];
export const CONSOLE_STATUSES: Exhaustive<typeof consoleStatuses, ConsoleStatus> = consoleStatuses;
