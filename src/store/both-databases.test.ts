/** The one rule for "CI" that decides whether a missing PostgreSQL fails a store test run or skips. */
import { describe, expect, it } from 'vitest';
import { isCi, testEnv } from './both-databases.ts';
import { DEFAULT_TEST_POSTGRES_URL } from './test-support.ts';

describe('the both-databases harness environment', () => {
  it('counts CI=true and CI=1 as CI, in any case and with spaces', () => {
    for (const value of ['true', '1', 'TRUE', 'True', ' true ', '1\n']) expect(isCi(value), value).toBe(true);
  });

  it('counts anything else, or nothing, as outside CI', () => {
    for (const value of [undefined, '', 'false', '0', 'no', 'yes', 'ci', '2']) expect(isCi(value), value).toBe(false);
  });

  it('reads the PostgreSQL URL, with the documented default', () => {
    expect(testEnv({})).toEqual({ pgUrl: DEFAULT_TEST_POSTGRES_URL, ci: false });
    expect(testEnv({ MAMORI_TEST_POSTGRES_URL: 'postgres://u@db:5433/t', CI: '1' })).toEqual({
      pgUrl: 'postgres://u@db:5433/t',
      ci: true,
    });
  });
});
