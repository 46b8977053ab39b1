import { describe, expect, it } from 'vitest';
import { CONSOLE_STATUSES, consoleStatus, consoleStatusOfRank, consoleStatusRank } from './console-status.ts';

describe('consoleStatus', () => {
  it('colours a page from its verdict and last outcome', () => {
    expect(consoleStatus('pending', null)).toBe('unknown');
    expect(consoleStatus('unchanged', 'ok')).toBe('up');
    expect(consoleStatus('changed', 'ok')).toBe('up');
    expect(consoleStatus('tampered', 'redirect-offsite')).toBe('tampered');
    expect(consoleStatus('suspicious', 'ok')).toBe('suspicious');
    expect(consoleStatus('down', 'timeout')).toBe('down');
    expect(consoleStatus('down', 'http-5xx')).toBe('down');
    expect(consoleStatus('down', 'http-4xx')).toBe('degraded');
    expect(consoleStatus('down', 'soft-404')).toBe('degraded');
    expect(consoleStatus('down', 'blocked')).toBe('unknown');
    expect(consoleStatus('down', null)).toBe('down');
  });

  it('ranks worst first and maps ranks back', () => {
    expect(CONSOLE_STATUSES.map(consoleStatusRank)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(consoleStatusRank('tampered')).toBeLessThan(consoleStatusRank('up'));
    expect(consoleStatusOfRank(3)).toBe('degraded');
    expect(() => consoleStatusOfRank(9)).toThrow(RangeError);
  });
});
