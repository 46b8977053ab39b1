import { describe, expect, it } from 'vitest';
import { parseTimeArg } from './time-window.ts';

describe('parseTimeArg', () => {
  it('reads a date as a whole UTC day and a date-time with its zone', () => {
    expect(parseTimeArg('2026-12-01', 'start')).toBe(Date.UTC(2026, 11, 1));
    expect(parseTimeArg('2026-12-01', 'end')).toBe(Date.UTC(2026, 11, 2) - 1);
    expect(parseTimeArg('2026-12-01T18:00:00+09:00', 'start')).toBe(Date.UTC(2026, 11, 1, 9));
    expect(parseTimeArg('2026-12-01T09:00Z', 'end')).toBe(Date.UTC(2026, 11, 1, 9));
  });

  it('refuses ambiguous or invalid times with a message', () => {
    expect(parseTimeArg('01/12/2026', 'start')).toMatch(/not an ISO 8601 time/);
    expect(parseTimeArg('2026-12-01T09:00:00', 'start')).toMatch(/not an ISO 8601 time/);
    expect(parseTimeArg('2026-13-45', 'start')).toMatch(/not a date/);
  });
});
