import { describe, expect, it } from 'vitest';
import { formatDiagnostics } from './format-diagnostics.ts';

describe('formatDiagnostics', () => {
  it('prints one `path: message (source)` line per diagnostic, with the file position when known', () => {
    expect(
      formatDiagnostics([
        {
          path: 'server.port',
          message: 'must be a whole number from 0 to 65535',
          source: 'file',
          location: 'mamori.yaml:2:3',
        },
        {
          path: 'fetch.totalTimeoutMs',
          message: 'MAMORI_FETCH_TOTAL_TIMEOUT_MS="soon" is not a number',
          source: 'env',
        },
        { path: 'scheduler.jitterRatio', message: 'must be a number\nfrom 0 to 0.5', source: 'override' },
      ]),
    ).toBe(
      [
        'server.port: must be a whole number from 0 to 65535 (file mamori.yaml:2:3)',
        'fetch.totalTimeoutMs: MAMORI_FETCH_TOTAL_TIMEOUT_MS="soon" is not a number (env)',
        'scheduler.jitterRatio: must be a number from 0 to 0.5 (override)',
      ].join('\n'),
    );
  });

  it('prints nothing for no diagnostics', () => {
    expect(formatDiagnostics([])).toBe('');
  });
});
