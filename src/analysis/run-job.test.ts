import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runJob } from './run-job.ts';
import { sha256Digest } from './script-digest.ts';

const URL_ = 'https://www.city.example.jp/news/';
const SCRIPT = 'window.dataLayer = window.dataLayer || [];';
const HTML = `<html><head><title>News</title><script>${SCRIPT}</script></head><body><p>Notices of the ward office.</p></body></html>`;

describe('runJob: the script digest', () => {
  it('is SHA-256 of the script text, base64url', () => {
    expect(sha256Digest(SCRIPT)).toBe(createHash('sha256').update(SCRIPT, 'utf8').digest('base64url'));
    expect(sha256Digest(SCRIPT)).toHaveLength(43);
  });

  it('is added to an assess job where it runs: the learnt baseline knows the page inline scripts by it', () => {
    const a = runJob({
      kind: 'assess',
      observation: { kind: 'page', requestedUrl: URL_, finalUrl: URL_, html: HTML, sameBodyAsLast: false },
      prior: { baseline: null, previous: null },
      options: { minSamples: 3 },
      keepModel: true,
    });
    expect(a.baseline?.knownScripts?.scripts.map((s) => s.digest)).toEqual([sha256Digest(SCRIPT)]);
    expect(a.model?.scripts[0]?.digest).toBe(sha256Digest(SCRIPT));
  });
});
