import { escapeHtml, seededRandom } from './seeded.ts';
import { JA_SENTENCES, NEWS_TITLE_TEMPLATES } from './text-pools.ts';
import type { Estate, EstatePageRef, EstateSite, EstateState, RenderedPage } from './types.ts';

/**
 * A synthetic estate for benchmarks: N pages of about `bytesPerPage` each, spread over `sites` origins.
 * Generation 0 is the baseline; in each later generation a fixed share of pages (every 1/changeRatio-th, on a
 * rotating offset) gets a new news item, and every other page stays byte-identical, so its hash is unchanged.
 * Pages are assembled from a small pool of prebuilt blocks, so serving them costs the server little CPU.
 */

export interface BenchEstateOptions {
  pages: number;
  bytesPerPage?: number;
  sites?: number;
  /** Share of pages that change in each generation after the first; 0.05 changes every 20th page. */
  changeRatio?: number;
  /**
   * Every `defacedEvery`-th page (index 0, n, 2n, …) carries a visible defacement while the state's
   * `localOfficeDefaced` incident is on, so a benchmark can measure repeated tampered checks. 0: never.
   */
  defacedEvery?: number;
}

export interface BenchEstate extends Estate {
  readonly kind: 'bench';
  readonly pageCount: number;
  readonly bytesPerPage: number;
  /** A page changes once every `changePeriod` generations (Infinity when nothing changes). */
  readonly changePeriod: number;
  pageRef(index: number): EstatePageRef;
  /** Pages whose bytes differ between generation g-1 and g. */
  changedPages(generation: number): EstatePageRef[];
  /** The generation in which the page last changed, as of `generation` (0: never since the baseline). */
  lastChange(index: number, generation: number): number;
}

const BLOCK_COUNT = 48;
const PATH = /^\/d\/\d+\/p(\d+)\.html$/;

export function createBenchEstate(options: BenchEstateOptions): BenchEstate {
  const pageCount = Math.max(0, Math.floor(options.pages));
  const bytesPerPage = options.bytesPerPage ?? 50_000;
  const siteCount = Math.max(1, Math.floor(options.sites ?? 1));
  const ratio = options.changeRatio ?? 0.05;
  const changePeriod = ratio > 0 ? Math.max(1, Math.round(1 / ratio)) : Number.POSITIVE_INFINITY;
  const defacedEvery = Math.max(0, Math.floor(options.defacedEvery ?? 0));
  const blocks = buildBlocks();
  const pageRef = (index: number): EstatePageRef => ({ siteKey: siteKeyOf(index % siteCount), path: pathOf(index) });
  const lastChange = (index: number, generation: number): number => lastChangeOf(index, generation, changePeriod);
  return {
    kind: 'bench',
    pageCount,
    bytesPerPage,
    changePeriod,
    sites: buildSites(pageCount, siteCount),
    pageRef,
    lastChange,
    changedPages: (generation) => changedIndexes(pageCount, generation, changePeriod).map(pageRef),
    render: (siteKey, path, state) =>
      renderBench({ siteCount, pageCount, bytesPerPage, blocks, lastChange, defacedEvery }, siteKey, path, state),
  };
}

function siteKeyOf(site: number): string {
  return `bench-${String(site).padStart(2, '0')}`;
}

function pathOf(index: number): string {
  return `/d/${Math.floor(index / 100)}/p${index}.html`;
}

function buildSites(pageCount: number, siteCount: number): EstateSite[] {
  return Array.from({ length: siteCount }, (_, site) => {
    const paths: string[] = [];
    for (let index = site; index < pageCount; index += siteCount) paths.push(pathOf(index));
    return { key: siteKeyOf(site), name: `ベンチマーク庁 第${site + 1}サイト`, paths };
  });
}

/** The largest g' ≤ generation with g' ≥ 1 and (index + g') divisible by the period, else 0. */
function lastChangeOf(index: number, generation: number, period: number): number {
  if (!Number.isFinite(period) || generation < 1) return 0;
  const residue = (period - (index % period)) % period;
  const last = generation - ((((generation - residue) % period) + period) % period);
  return last >= 1 ? last : 0;
}

function changedIndexes(pageCount: number, generation: number, period: number): number[] {
  if (!Number.isFinite(period) || generation < 1) return [];
  const indexes: number[] = [];
  for (let index = (period - (generation % period)) % period; index < pageCount; index += period) indexes.push(index);
  return indexes;
}

/** Paragraph blocks of about 2 KB shared by all pages; each page strings its own seeded selection of them. */
function buildBlocks(): Buffer[] {
  return Array.from({ length: BLOCK_COUNT }, (_, i) => {
    const random = seededRandom(`bench-block-${i}`);
    const paragraphs: string[] = [];
    let size = 0;
    while (size < 1800) {
      const text = Array.from({ length: 4 }, () => JA_SENTENCES[Math.floor(random() * JA_SENTENCES.length)] ?? '').join(
        '',
      );
      paragraphs.push(`<p>${escapeHtml(text)}</p>`);
      size += Buffer.byteLength(text);
    }
    return Buffer.from(
      `<section class="block" id="b${i}">\n<h2>第${i + 1}節</h2>\n${paragraphs.join('\n')}\n</section>\n`,
    );
  });
}

interface BenchRenderContext {
  siteCount: number;
  pageCount: number;
  bytesPerPage: number;
  blocks: readonly Buffer[];
  lastChange: (index: number, generation: number) => number;
  defacedEvery: number;
}

function renderBench(context: BenchRenderContext, siteKey: string, path: string, state: EstateState): RenderedPage {
  const index = Number(PATH.exec(path)?.[1] ?? Number.NaN);
  if (
    !Number.isInteger(index) ||
    index >= context.pageCount ||
    siteKeyOf(index % context.siteCount) !== siteKey ||
    pathOf(index) !== path
  ) {
    return {
      status: 404,
      headers: { 'content-type': 'text/html; charset=UTF-8' },
      body: Buffer.from('<!DOCTYPE html><title>404</title><h1>Not Found</h1>\n'),
    };
  }
  const changedIn = context.lastChange(index, state.generation ?? 0);
  const defaced = context.defacedEvery > 0 && index % context.defacedEvery === 0 && state.incidents.localOfficeDefaced;
  const head = Buffer.from(benchHead(context, index, changedIn) + (defaced === true ? DEFACEMENT : ''));
  const tail = Buffer.from(benchTail(index));
  const parts: Buffer[] = [head];
  const random = seededRandom(index * 2654435761);
  let size = head.length + tail.length;
  while (size < context.bytesPerPage) {
    const block = context.blocks[Math.floor(random() * context.blocks.length)] ?? Buffer.alloc(0);
    parts.push(block);
    size += block.length;
  }
  parts.push(tail);
  return {
    status: 200,
    headers: { 'content-type': 'text/html; charset=UTF-8', 'cache-control': 'no-cache' },
    body: Buffer.concat(parts, size),
  };
}

function benchHead(context: BenchRenderContext, index: number, changedIn: number): string {
  const links = Array.from(
    { length: 10 },
    (_, k) => (index + (k + 1) * context.siteCount) % Math.max(1, context.pageCount),
  )
    .filter((other) => other % context.siteCount === index % context.siteCount)
    .map((other) => `<li><a href="${pathOf(other)}">文書 ${other}</a></li>`);
  const template = NEWS_TITLE_TEMPLATES[(index + changedIn) % NEWS_TITLE_TEMPLATES.length] ?? '{topic}';
  const news = template
    .replace('{topic}', `文書${index}の改定（第${changedIn}版）`)
    .replace('{n}', String(changedIn + 1));
  return `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="UTF-8">
<title>文書 ${index} | ベンチマーク庁</title>
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
<header class="site-header"><p class="site-logo"><a href="/">ベンチマーク庁</a></p></header>
<nav class="global-nav"><ul>
${links.join('\n')}
</ul></nav>
<main id="main">
<h1>文書 ${index}</h1>
<section class="news"><h2>お知らせ</h2>
<ul class="news-list">
<li><span class="generation">${changedIn}</span> <a href="/news/${index}-${changedIn}.html">${escapeHtml(news)}</a></li>
<li><a href="/news/archive.html">過去のお知らせ</a></li>
</ul></section>
`;
}

/** A defacer's visible block at the top of the main content (a signature headline and an external image). */
const DEFACEMENT = `<div class="owned" style="text-align:center;background:#000;color:#0f0">
<h1>Hacked by Bench Crew</h1>
<img src="http://defacer-bench.example/logo.gif" alt="">
<p>Your security is low. Greetz to all crews.</p>
</div>
`;

function benchTail(index: number): string {
  return `</main>
<footer class="site-footer"><p>文書番号 ${index}</p><p class="copyright"><small>&copy; Benchmark Agency</small></p></footer>
</body>
</html>
`;
}
