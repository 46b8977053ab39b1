import { LinearParser } from '../core/linear-parser.ts';
import { ImportCollector } from './collector.ts';
import type { ImportParse } from './types.ts';

/** The sitemap protocol's limit on entries per file (sitemaps.org). */
export const SITEMAP_MAX_URLS = 50_000;
/**
 * Element nesting read. A sitemap is three deep (`urlset>url>loc`); elements deeper than this are
 * skipped whole and reported once, so a document of 400,000 nested `<url>` costs a count, not a stack.
 */
export const SITEMAP_MAX_DEPTH = 32;

export interface SitemapOptions {
  /** Entries taken from one file; the rest are reported once. Defaults to the protocol's 50,000. */
  maxUrls?: number;
}

type SitemapRoot = 'urlset' | 'sitemapindex';

interface OpenElement {
  name: string;
  start: number;
  /** Worked out when the element opens, while its text is still at hand. */
  line: number;
}

/**
 * Parses a sitemap (`<urlset>`) or a sitemap index (`<sitemapindex>`) with htmlparser2's XML mode, which is
 * tolerant: unclosed elements and odd namespaces still yield the URLs that can be read, plus a problem.
 * Only `<loc>` directly inside `<url>`/`<sitemap>` counts, so `<image:loc>` and other extensions are skipped.
 */
export function parseSitemap(xml: string, options: SitemapOptions = {}): ImportParse {
  const parser = new SitemapStreamParser(options);
  parser.write(xml);
  return parser.end();
}

/**
 * The same, fed a piece at a time (a file read as a stream): memory holds the targets taken and the
 * last two pieces of text, never the document.
 */
export class SitemapStreamParser {
  readonly #walker: SitemapWalker;
  readonly #lines = new StreamLineIndex();
  readonly #parser: LinearParser;

  constructor(options: SitemapOptions & { maxProblems?: number } = {}) {
    this.#walker = new SitemapWalker(this.#lines, options.maxUrls ?? SITEMAP_MAX_URLS, options.maxProblems);
    // htmlparser2's events, without its stack that is quadratic in nesting depth (see linear-parser.ts).
    const parser: LinearParser = new LinearParser(
      {
        onopentag: (name) => this.#walker.open(name, parser.startIndex),
        ontext: (text) => this.#walker.text(text),
        onclosetag: (_name, isImplied) => this.#walker.close(isImplied, parser.startIndex),
      },
      { xmlMode: true, decodeEntities: true },
    );
    this.#parser = parser;
  }

  /** Entries seen so far, taken or not. */
  get entries(): number {
    return this.#walker.entries;
  }

  write(chunk: string): void {
    this.#lines.feed(chunk);
    this.#parser.write(chunk);
  }

  end(): ImportParse {
    this.#parser.finish();
    return this.#walker.finish();
  }
}

/** A `<loc>` longer than this is not a URL anyone watches; its text is not kept growing. */
const MAX_LOC_CHARS = 8192;

class SitemapWalker {
  readonly #collector: ImportCollector;
  readonly #stack: OpenElement[] = [];
  #root: string | null = null;
  #loc: { text: string; line: number } | null = null;
  #entries = 0;
  #unclosed: { name: string; line: number } | null = null;
  /** Open elements below `SITEMAP_MAX_DEPTH`, not kept. */
  #tooDeep = 0;
  #tooDeepLine: number | null = null;

  constructor(
    private readonly lines: StreamLineIndex,
    private readonly maxUrls: number,
    maxProblems?: number,
  ) {
    this.#collector = new ImportCollector(maxProblems);
  }

  get entries(): number {
    return this.#entries;
  }

  open(qualifiedName: string, start: number): void {
    if (this.#tooDeep > 0 || this.#stack.length >= SITEMAP_MAX_DEPTH) {
      this.#tooDeep += 1;
      this.#tooDeepLine ??= this.lines.lineAt(start);
      return;
    }
    const name = localName(qualifiedName);
    this.#root ??= name;
    const line = this.lines.lineAt(start);
    this.#stack.push({ name, start, line });
    if (this.#isLocPath()) this.#loc = { text: '', line };
  }

  text(data: string): void {
    if (this.#loc !== null && this.#loc.text.length <= MAX_LOC_CHARS) this.#loc.text += data;
  }

  close(isImplied: boolean, start: number): void {
    if (this.#tooDeep > 0) {
      this.#tooDeep -= 1;
      return;
    }
    const isLoc = this.#loc !== null && this.#isLocPath();
    const element = this.#stack.pop();
    // htmlparser2 reports self-closing tags as implied closes too; those start where the element started.
    if (isImplied && element !== undefined && element.start !== start && this.#unclosed === null) {
      this.#unclosed = { name: element.name, line: element.line };
    }
    if (isLoc && this.#loc !== null) this.#takeLoc(this.#loc);
    if (isLoc) this.#loc = null;
  }

  finish(): ImportParse {
    const kind = sitemapRoot(this.#root);
    if (this.#root === null) {
      this.#collector.problem('malformed', '', 'not an XML document: no root element found');
    } else if (kind === null) {
      const message = `not a sitemap: the root element is <${this.#root}>, expected <urlset> or <sitemapindex>`;
      this.#collector.problem('unsupported', `<${this.#root}>`, message, 1);
    }
    if (this.#unclosed !== null) {
      const { name, line } = this.#unclosed;
      this.#collector.problem('malformed', `<${name}>`, `malformed XML: <${name}> is never closed`, line);
    }
    if (this.#tooDeepLine !== null) {
      const message = `malformed sitemap: elements nested more than ${SITEMAP_MAX_DEPTH} deep were skipped`;
      this.#collector.problem('malformed', `${SITEMAP_MAX_DEPTH} levels`, message, this.#tooDeepLine);
    }
    if (this.#entries > this.maxUrls) {
      const message = `sitemap lists ${this.#entries} entries, more than the limit of ${this.maxUrls}; the rest were skipped`;
      this.#collector.problem('malformed', `${this.#entries} entries`, message);
    }
    return this.#collector.result();
  }

  #takeLoc(loc: { text: string; line: number }): void {
    this.#entries += 1;
    if (this.#entries > this.maxUrls) return;
    const value = loc.text.trim();
    if (value === '') {
      this.#collector.problem('malformed', '<loc></loc>', 'empty <loc>', loc.line);
    } else if (sitemapRoot(this.#root) === 'sitemapindex') {
      this.#collector.addSitemap(value, loc.line);
    } else {
      this.#collector.addTarget(value, { line: loc.line });
    }
  }

  #isLocPath(): boolean {
    // The length first: mapping the whole stack on every tag was quadratic in nesting depth.
    if (this.#stack.length !== 3) return false;
    const [root, entry, loc] = this.#stack.map((element) => element.name);
    if (loc !== 'loc') return false;
    return (root === 'urlset' && entry === 'url') || (root === 'sitemapindex' && entry === 'sitemap');
  }
}

function sitemapRoot(name: string | null): SitemapRoot | null {
  return name === 'urlset' || name === 'sitemapindex' ? name : null;
}

/** `sm:URL` → `url`: sitemaps in the wild use prefixes and, rarely, odd case. */
function localName(qualified: string): string {
  const colon = qualified.lastIndexOf(':');
  return (colon === -1 ? qualified : qualified.slice(colon + 1)).toLowerCase();
}

/**
 * Offsets → 1-based line numbers for text that arrives in pieces. Only the line starts of the last two
 * pieces are kept (a tag can begin in the piece before the one that ends it); an older offset gets
 * the first line still known, which only happens for a tag longer than a whole piece.
 */
class StreamLineIndex {
  #starts: number[] = [0];
  /** Lines wholly before the first kept start. */
  #linesBefore = 0;
  #lastPieceBegin = 0;
  #length = 0;

  feed(piece: string): void {
    // Forget the lines before the one the last piece began in: its offsets are no longer asked for.
    const keep = this.#indexAt(this.#lastPieceBegin);
    if (keep > 0) {
      this.#starts = this.#starts.slice(keep);
      this.#linesBefore += keep;
    }
    this.#lastPieceBegin = this.#length;
    for (let i = piece.indexOf('\n'); i !== -1; i = piece.indexOf('\n', i + 1)) this.#starts.push(this.#length + i + 1);
    this.#length += piece.length;
  }

  lineAt(offset: number): number {
    return this.#linesBefore + this.#indexAt(offset) + 1;
  }

  /** The index of the last kept line start at or before `offset` (0 for older offsets). */
  #indexAt(offset: number): number {
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.#starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}
