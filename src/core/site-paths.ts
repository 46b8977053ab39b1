/**
 * Site-level judgement of pages that newly appear in a site's sitemap. A compromised site grows pages
 * it should not have: a defacer's `hacked.html`, an uploaded web shell, dozens of spam "doorway"
 * pages, randomly named files at the root. Every rule here is a property of how such pages are made,
 * never a domain or a case. Pure: the URLs in, the findings out.
 */
import { foldLeet } from './detectors/vocabulary.ts';
import type { Reason } from './verdict.ts';

export interface SiteFinding {
  url: string;
  reasons: Reason[];
}

/**
 * Words that name defacement or a web shell. Matched as whole tokens of a path segment, in its first
 * two tokens only: `hacked.html` and `h4ck3d-by-x.php` are signatures, while
 * `/security/how-to-avoid-being-hacked.html` is an article about it.
 */
const DEFACER_TERMS = new Set([
  'hack',
  'hacked',
  'hacker',
  'hackers',
  'hackedby',
  'deface',
  'defaced',
  'defacer',
  'owned',
  'pwned',
  'ownedby',
  'shell',
  'shells',
  'webshell',
  'minishell',
  'wso',
  'r57',
  'c99',
  'b374k',
  'indoxploit',
  'leafmailer',
]);

/** Only a segment's first tokens: a signature leads the name, an article mentions the word later. */
const LEADING_TOKENS = 2;

/** Spam words, matched as whole tokens (a plural or a trailing number such as `slot88`, `togel4d` too). */
const SPAM_TERMS = new Set([
  'casino',
  'slot',
  'togel',
  'judi',
  'gacor',
  'maxwin',
  'sbobet',
  'poker',
  'betting',
  'viagra',
  'cialis',
  'levitra',
  'porn',
  'porno',
  'bokep',
  'loan',
  'payday',
]);

/**
 * Spam words in scripts without word breaks, matched as substrings of the decoded path. Chinese ones
 * are simplified forms only: a Japanese site writes 賭博 for gambling in its own news, never 赌博.
 */
const SPAM_SUBSTRINGS = [
  'カジノ',
  'バイアグラ',
  'オンラインスロット',
  '出会い系',
  '赌',
  '博彩',
  '彩票',
  '娱乐城',
  '六合彩',
  '伟哥',
  '色情',
];

/** At least this many new pages at once, making up at least BURST_SHARE of the known ones, is a burst. */
const BURST_MIN = 20;
const BURST_SHARE = 0.5;
/** At least this many new pages in a directory no known page lives in is a burst too. */
const DIRECTORY_BURST_MIN = 10;

/** A root file name of letters and digits interleaved like a generated name (`a8f3k2m9.php`). */
const ROOT_FILE = /^\/([a-z0-9]{8,})\.(?:html?|php)$/i;
const MIN_LETTER_DIGIT_SWITCHES = 3;

/** Judge the URLs of `fresh` that are not in `known`; URLs with no reason are not findings. */
export function judgeNewUrls(known: string[], fresh: string[]): SiteFinding[] {
  const knownSet = new Set(known);
  const added = [...new Set(fresh)].filter((u) => !knownSet.has(u));
  const burst = burstUrls(known, added);
  const findings: SiteFinding[] = [];
  for (const url of added) {
    const path = decodedPath(url);
    if (path === null) continue;
    const reasons = [
      defacerPath(url, path),
      spamPath(url, path),
      burstReason(url, burst),
      randomRootFile(url, path),
    ].filter((r): r is Reason => r !== null);
    if (reasons.length > 0) findings.push({ url, reasons });
  }
  return findings;
}

/** The path, percent-decoded where that is valid UTF-8 (spam slugs are often `%E3%82%AB…`). */
function decodedPath(url: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/** A segment's word tokens, with the file extension dropped so `shell.php` is one token `shell`. */
function tokens(segment: string): string[] {
  return segment
    .toLowerCase()
    .replace(/\.[a-z0-9]{1,5}$/, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '');
}

function defacerPath(url: string, path: string): Reason | null {
  for (const segment of segments(path)) {
    const lead = tokens(segment).slice(0, LEADING_TOKENS);
    // Unfolded too: folding would turn the shell names `r57` into `rst` and `b374k` into `beatak`.
    const hit = lead.find((t) => DEFACER_TERMS.has(t) || DEFACER_TERMS.has(foldLeet(t)));
    if (hit !== undefined) {
      return {
        code: 'defacer-path',
        severity: 'high',
        message: `A new page “${segment}” is named like a defacer's signature or a web shell (“${hit}”).`,
        evidence: { url, snippet: segment },
      };
    }
  }
  return null;
}

function isSpamToken(token: string): boolean {
  const t = foldLeet(token);
  for (const candidate of [token, t]) {
    if (SPAM_TERMS.has(candidate)) return true;
    if (candidate.endsWith('s') && SPAM_TERMS.has(candidate.slice(0, -1))) return true;
    // `slot88`, `togel4d`: the word followed by digits (and maybe a letter or two).
    const m = /^([a-z]+)\d[a-z0-9]{0,3}$/.exec(candidate);
    if (m && SPAM_TERMS.has(m[1]!)) return true;
  }
  return false;
}

function spamPath(url: string, path: string): Reason | null {
  const words = segments(path).flatMap(tokens);
  const found = [...new Set([...words.filter(isSpamToken), ...SPAM_SUBSTRINGS.filter((s) => path.includes(s))])];
  if (found.length === 0) return null;
  return {
    code: 'spam-path',
    severity: 'medium',
    message: `A new page's address carries spam vocabulary (${found.map((f) => `“${f}”`).join(', ')}), as doorway pages do.`,
    evidence: { url, snippet: path },
  };
}

interface Burst {
  urls: Set<string>;
  /** Why, for the message: the whole batch, or a directory. */
  describe: (url: string) => string;
}

function directoryOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/**
 * Pages added in bulk. A date-named folder (`/news/2025/`) is where a site's own news goes each year,
 * so it does not count as a new directory.
 */
function burstUrls(known: string[], added: string[]): Burst {
  const urls = new Set<string>();
  const batch = added.length >= BURST_MIN && added.length >= BURST_SHARE * known.length;
  if (batch) for (const u of added) urls.add(u);
  const knownDirs = new Set(known.map((u) => directoryOf(rawPath(u))));
  const byDir = new Map<string, string[]>();
  for (const u of added) {
    const dir = directoryOf(rawPath(u));
    if (knownDirs.has(dir) || /\/\d+\/$/.test(dir)) continue;
    byDir.set(dir, [...(byDir.get(dir) ?? []), u]);
  }
  const dirOf = new Map<string, { dir: string; n: number }>();
  for (const [dir, list] of byDir) {
    if (list.length < DIRECTORY_BURST_MIN) continue;
    for (const u of list) {
      urls.add(u);
      dirOf.set(u, { dir, n: list.length });
    }
  }
  return {
    urls,
    describe: (url) => {
      const d = dirOf.get(url);
      if (d) return `one of ${d.n} new pages in ${d.dir}, a directory the site did not have`;
      return `one of ${added.length} new pages that appeared at once (the site had ${known.length})`;
    },
  };
}

function rawPath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

function burstReason(url: string, burst: Burst): Reason | null {
  if (!burst.urls.has(url)) return null;
  return {
    code: 'page-burst',
    severity: 'low',
    message: `This page is ${burst.describe(url)}: doorway spam arrives in bulk.`,
    evidence: { url },
  };
}

function randomRootFile(url: string, path: string): Reason | null {
  const name = ROOT_FILE.exec(path)?.[1];
  if (name === undefined) return null;
  const switches = name.split('').filter((c, i) => i > 0 && /\d/.test(c) !== /\d/.test(name[i - 1]!)).length;
  if (switches < MIN_LETTER_DIGIT_SWITCHES) return null;
  return {
    code: 'random-file-name',
    severity: 'low',
    message: `A new file at the site root has a generated-looking name (“${path.slice(1)}”), as dropped files do.`,
    evidence: { url },
  };
}

/**
 * The same words in a new page's own headline (its title or first heading): a web shell titles itself
 * by its name, a doorway page by its spam words. Only weighed for a page whose address already carries
 * a sign (`judgeDiscoveredPage`), since an article may well be titled "How to spot a phishing shell".
 */
export function headlineSigns(url: string, headlines: readonly string[]): Reason[] {
  const reasons: Reason[] = [];
  for (const text of headlines) {
    if (text.trim() === '') continue;
    const lead = tokens(text).slice(0, LEADING_TOKENS);
    const hit = lead.find((t) => DEFACER_TERMS.has(t) || DEFACER_TERMS.has(foldLeet(t)));
    if (hit !== undefined && !reasons.some((r) => r.code === 'defacer-headline-words')) {
      reasons.push({
        code: 'defacer-headline-words',
        severity: 'high',
        message: `The page's own headline names it like a defacer's page or a web shell (“${hit}”).`,
        evidence: { url, snippet: text.slice(0, 120) },
      });
    }
    const spam = [
      ...new Set([...tokens(text).filter(isSpamToken), ...SPAM_SUBSTRINGS.filter((s) => text.includes(s))]),
    ];
    if (spam.length > 0 && !reasons.some((r) => r.code === 'spam-headline-words')) {
      reasons.push({
        code: 'spam-headline-words',
        severity: 'medium',
        message: `The page's own headline carries spam vocabulary (${spam.map((s) => `“${s}”`).join(', ')}), as doorway pages do.`,
        evidence: { url, snippet: text.slice(0, 120) },
      });
    }
  }
  return reasons;
}
