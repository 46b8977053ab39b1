import { describe, expect, it } from 'vitest';
import { CONSOLE_STATUSES, type ConsoleStatus } from './console-status.ts';
import { publicPageStatus, publicStatusOfCounts, worstPublicStatus } from './public-status.ts';

const counts = (partial: Partial<Record<ConsoleStatus, number>>): Record<ConsoleStatus, number> => ({
  tampered: 0,
  down: 0,
  suspicious: 0,
  degraded: 0,
  unknown: 0,
  up: 0,
  ...partial,
});

describe('public status', () => {
  it('publishes availability only: tampered and suspicious pages still answer, so they are up', () => {
    expect(publicPageStatus('tampered')).toBe('up');
    expect(publicPageStatus('suspicious')).toBe('up');
    expect(publicPageStatus('down')).toBe('down');
    expect(publicPageStatus('degraded')).toBe('degraded');
    for (const s of CONSOLE_STATUSES) expect(['up', 'degraded', 'down', 'unknown']).toContain(publicPageStatus(s));
  });

  it('calls a site down only when every known page is down, degraded when some are', () => {
    expect(publicStatusOfCounts(counts({ down: 2, unknown: 3 }))).toBe('down');
    expect(publicStatusOfCounts(counts({ down: 1, up: 1 }))).toBe('degraded');
    expect(publicStatusOfCounts(counts({ degraded: 1, tampered: 4 }))).toBe('degraded');
    expect(publicStatusOfCounts(counts({ tampered: 1, up: 2 }))).toBe('up');
    expect(publicStatusOfCounts(counts({ unknown: 2 }))).toBe('unknown');
    expect(publicStatusOfCounts(counts({}))).toBe('unknown');
  });

  it('takes the worst of several sites, ignoring unknown ones', () => {
    expect(worstPublicStatus(['up', 'unknown', 'up'])).toBe('up');
    expect(worstPublicStatus(['up', 'down'])).toBe('degraded');
    expect(worstPublicStatus(['down', 'unknown', 'down'])).toBe('down');
    expect(worstPublicStatus(['unknown'])).toBe('unknown');
  });
});
