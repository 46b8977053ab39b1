/** Times on the command line: ISO 8601 only, so `--from 01/02/2026` can't mean two different days. */

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * Epoch milliseconds, or an error message. A date alone is a whole UTC day: its start for `--from`,
 * its last millisecond for `--to`. A date-time must carry its zone (Z or ±hh:mm).
 */
export function parseTimeArg(value: string, edge: 'start' | 'end'): number | string {
  const v = value.trim();
  if (DATE_ONLY.test(v)) {
    const start = Date.parse(`${v}T00:00:00Z`);
    if (Number.isNaN(start)) return `${value} is not a date`;
    return edge === 'start' ? start : start + DAY_MS - 1;
  }
  if (DATE_TIME.test(v)) {
    const at = Date.parse(v);
    return Number.isNaN(at) ? `${value} is not a valid time` : at;
  }
  return `${value} is not an ISO 8601 time: write 2026-12-01, or 2026-12-01T09:00:00Z / 2026-12-01T18:00:00+09:00`;
}
