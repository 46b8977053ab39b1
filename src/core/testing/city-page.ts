/**
 * A hand-written page for active-content tests: a city office's page with its own scripts, an
 * analytics tag and a search form. Every part a test changes is a parameter.
 */
import type { Baseline } from '../baseline.ts';
import type { Judgement } from '../judge.ts';
import { analysePage } from '../analyse.ts';
import { judgePage } from '../judge.ts';

export const CITY_URL = 'https://www.city.example.lg.jp/kurashi/gomi.html';

export interface CityParts {
  /** Hashed name of the site's bundle, as a build writes it. */
  bundle?: string;
  nonce?: string;
  /** Inline configuration that changes every load. */
  config?: string;
  head?: string;
  headEnd?: string;
  main?: string;
  footer?: string;
  bodyEnd?: string;
}

export function cityPage(p: CityParts = {}): string {
  const nonce = p.nonce ?? 'r4nd0mN0nce1';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Household waste collection</title>
${p.head ?? ''}<script nonce="${nonce}" src="/assets/app.${p.bundle ?? '1a2b3c4d'}.js" defer></script>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-CITY01"></script>
<script nonce="${nonce}">window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());gtag('config','G-CITY01');</script>
<script nonce="${nonce}">window.__CITY__=${p.config ?? '{"csrf":"0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c","built":"2024-05-01T10:00:00Z"}'};</script>
${p.headEnd ?? ''}</head><body>
<header id="top"><a href="/"><img src="/img/logo.png" alt="City office"></a><nav><a href="/kurashi/">Living</a> <a href="/kosodate/">Families</a></nav></header>
<main id="content"><h1>Household waste collection</h1>
<p>Put burnable waste out by 8:30 on collection days. Bottles and cans are collected every second Tuesday.</p>
${p.main ?? ''}
<form action="/search" method="get"><input name="q"><button onclick="return checkQuery(this.form)">Search</button></form>
</main>
<footer id="footer"><p>City office, 1-1 Main Street. Open weekdays 8:30 to 17:15.</p>${p.footer ?? ''}</footer>
${p.bodyEnd ?? ''}</body></html>`;
}

/** Learn from three versions (the parts for each), then judge the fourth, as the watch does. */
export function judgeAfter(history: CityParts[], current: CityParts): Judgement {
  let baseline: Baseline | null = null;
  for (const parts of history) {
    const j = judgePage(analysePage(cityPage(parts), CITY_URL), baseline, { minSamples: 3 });
    baseline = j.baseline;
  }
  return judgePage(analysePage(cityPage(current), CITY_URL), baseline, { minSamples: 3 });
}

/** Three ordinary versions: the bundle hash, the nonce and the inline configuration change each time. */
export const HISTORY: CityParts[] = [
  { bundle: '1a2b3c4d', nonce: 'aaaa1111', config: '{"csrf":"0f9e8d7c6b5a4f3e2d1c","built":"2024-05-01T10:00:00Z"}' },
  { bundle: '5e6f7a8b', nonce: 'bbbb2222', config: '{"csrf":"9a8b7c6d5e4f3a2b1c0d","built":"2024-05-02T11:30:00Z"}' },
  { bundle: '9c0d1e2f', nonce: 'cccc3333', config: '{"csrf":"1b2c3d4e5f6a7b8c9d0e","built":"2024-05-03T09:15:00Z"}' },
];

/** The next ordinary version, on which tests plant their changes. */
export const NEXT: CityParts = {
  bundle: '3f4e5d6c',
  nonce: 'dddd4444',
  config: '{"csrf":"7e6d5c4b3a291807f6e5","built":"2024-05-04T08:45:00Z"}',
};
