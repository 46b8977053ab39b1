import { describe, expect, it } from 'vitest';
import { intelSchema } from './intel.ts';

const problems = (input: unknown) => {
  const r = intelSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('intel config', () => {
  it('fills defaults', () => {
    expect(intelSchema.parse(undefined)).toEqual({
      feeds: [],
      keywords: [],
      sectors: {},
      heightenedHours: 72,
      heightenedIntervalSeconds: 60,
      renderOnHeightened: true,
      claimPages: 5,
      claimWindowHours: 24,
    });
  });

  it('says what each kind of feed needs, for every feed at once', () => {
    expect(
      problems({
        feeds: [
          { name: 'a', format: 'rss' },
          { name: 'b', format: 'folder' },
          { name: 'C!', format: 'atom', url: 'ftp://x' },
        ],
      }),
    ).toEqual([
      'feeds.0.url: a rss feed needs url: <http(s) URL>',
      'feeds.1.folder: a folder feed needs folder: <path>',
      'feeds.2.name: must be lower-case letters, digits, hyphens and underscores (e.g. "hacktivist-rss")',
      'feeds.2.format: must be one of rss, json, folder',
      'feeds.2.url: must be an http:// or https:// URL',
    ]);
  });

  it('bounds the heightened window and pace', () => {
    expect(problems({ heightenedIntervalSeconds: 1, heightenedHours: 0 })).toEqual([
      'heightenedHours: must be a whole number from 1 to 8760',
      'heightenedIntervalSeconds: must be a whole number from 5 to 86400',
    ]);
  });
});
