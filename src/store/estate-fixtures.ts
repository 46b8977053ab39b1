/**
 * Shared by the estate store's contract suites: a fixed time, check and baseline, and a site or
 * page seeded the same way in every test.
 */
import type { Baseline } from '../core/baseline.ts';
import type { EstateStore, NewCheck, Page, Site } from './types.ts';

export const T0 = 1_700_000_000_000;
export const sha = (n: number): string => n.toString(16).padStart(64, '0');

export function newCheck(pageId: number, overrides: Partial<NewCheck> = {}): NewCheck {
  return {
    pageId,
    startedAt: T0,
    durationMs: 120,
    outcome: 'ok',
    httpStatus: 200,
    redirects: [],
    headers: {},
    bodyBytes: 10,
    bodySha256: null,
    bodyKept: false,
    charset: 'utf-8',
    remoteAddress: '203.0.113.7',
    verdict: 'unchanged',
    reasons: [],
    ...overrides,
  };
}

export const BASELINE: Baseline = {
  version: 1,
  samples: 3,
  scriptSrcs: ['https://cdn.example/app.0.js'],
  scriptSignatures: ['html>head>script|'],
  regions: ['body>div#news>p'],
  markupLeaks: [],
  blockHashes: ['h1', 'h2'],
  blockShapes: ['s1'],
  volatilePaths: ['body>div#news'],
  stablePaths: ['body>header'],
  titles: ['財務省'],
  headings: ['お知らせ'],
  linkHosts: ['www.mof.go.jp'],
  scriptHosts: [],
  inlineScriptShapes: ['x'],
  frameHosts: [],
  formHosts: [],
  imageHosts: ['img.example'],
  redirectHosts: [],
  scriptProfile: { kana: 10, han: 20, latin: 5, hangul: 0, cyrillic: 0, arabic: 0, other: 1, letters: 36 },
  declaredLang: 'ja',
  structure: ['html>body'],
  visibleTextLength: 1234.5,
  untrusted: null,
};

export async function seedSite(store: EstateStore, origin = 'https://www.mof.go.jp', slug = 'mof'): Promise<Site> {
  const org = await store.upsertOrganisation({ slug, name: slug.toUpperCase() }, T0);
  return store.upsertSite({ organisationId: org.id, origin }, T0);
}

export async function seedPage(store: EstateStore, url = 'https://www.mof.go.jp/'): Promise<Page> {
  const s = await seedSite(store);
  return (await store.addPage({ siteId: s.id, url, source: 'declared' }, T0)).page;
}
