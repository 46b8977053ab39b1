/** URL helpers for the page model: resolution against the page, hosts, and what "external" means. */

export interface ResolvedUrl {
  href: string;
  /** Lower-case host (with port), or null for non-network schemes (javascript:, mailto:, data:). */
  host: string | null;
}

export function resolveUrl(raw: string, base: string): ResolvedUrl | null {
  const trimmed = raw.trim();
  if (!trimmed) return null;
  try {
    const u = new URL(trimmed, base);
    const href = u.href;
    // A parsed URL's serialisation starts with its lower-case scheme and `:`: read from it, the scheme
    // needs no string of its own (`u.protocol` slices a new one per call, twice for every https link).
    const network = href.startsWith('http:') || href.startsWith('https:');
    return { href, host: network ? u.host.toLowerCase() : null };
  } catch {
    return null;
  }
}

/**
 * The site a host belongs to, as a visitor sees it: no leading `www.` and no port, so
 * `www.moj.go.jp`, `moj.go.jp` and `moj.go.jp:8443` are one site.
 */
export function siteHost(host: string): string {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return name.startsWith('www.') ? name.slice(4) : name;
}

/** The last URL `hostOf` parsed: a check asks for the same page URL's host two or three times in a row. */
let lastUrl = '';
let lastHost: string | null = null;

export function hostOf(url: string): string | null {
  // Referentially transparent: '' has no host, and the cache only ever holds a pair computed below.
  if (url === lastUrl) return lastHost;
  let host: string | null;
  try {
    host = new URL(url).host.toLowerCase();
  } catch {
    host = null;
  }
  lastUrl = url;
  lastHost = host;
  return host;
}

/** A host other than the page's own (ignoring `www.`). */
export function isExternalHost(host: string | null, pageHost: string | null): boolean {
  if (host === null || pageHost === null) return false;
  return siteHost(host) !== siteHost(pageHost);
}

/** Second-level labels under which country domains register names (`go.jp`, `co.uk`, `gov.au`, ...). */
const GENERIC_SECOND_LEVEL = new Set([
  'ac',
  'ad',
  'co',
  'com',
  'ed',
  'edu',
  'go',
  'gob',
  'gouv',
  'gov',
  'govt',
  'gr',
  'lg',
  'ne',
  'net',
  'or',
  'org',
  'mil',
  'nic',
  'nhs',
  'police',
  'sch',
  'ltd',
  'plc',
  'me',
]);

/**
 * The registrable domain of a host, approximately (no public-suffix list in the pure core):
 * `app.usercentrics.eu` → `usercentrics.eu`, `www.moj.go.jp` → `moj.go.jp`. Used only to tell
 * first-party and already-trusted hosts from new ones, where an approximation errs towards "new".
 */
export function registrableDomain(host: string): string {
  let domain = domains.get(host);
  if (domain === undefined) {
    // Bounded: hosts come from pages, and a hostile page may name any number of them.
    if (domains.size >= MAX_MEMO) domains.clear();
    domain = domainOf(host);
    domains.set(host, domain);
  }
  return domain;
}

/**
 * Answers of `registrableDomain` by host. A judgement asks for the domain of every host of the page
 * and of its baseline, several times over (new origins, hidden frames, active content, page
 * replaced), and the same few hundred hosts recur from page to page of a site; each answer split the
 * host into labels and joined them again. The answer depends on the host alone, so it is kept.
 */
const domains = new Map<string, string>();
const MAX_MEMO = 5000;

function domainOf(host: string): string {
  const name = siteHost(host);
  if (/^[\d.]+$/.test(name) || name.startsWith('[')) return name;
  const labels = name.split('.');
  if (labels.length <= 2) return name;
  const two = labels.slice(-2).join('.');
  const tld = labels[labels.length - 1] ?? '';
  const sld = labels[labels.length - 2] ?? '';
  let take = tld.length === 2 && GENERIC_SECOND_LEVEL.has(sld) ? 3 : 2;
  // Multi-tenant platforms: each tenant's host is its own site (from the public-suffix list).
  if (SHARED_SUFFIXES.has(two)) take = 3;
  // Japanese geographic names: `city.shibuya.tokyo.jp` is Shibuya's, not Tokyo's.
  if (tld === 'jp' && JP_PREFECTURES.has(sld)) take = labels.length >= 4 ? 4 : 3;
  return labels.slice(-take).join('.');
}

const SHARED_SUFFIXES = new Set([
  'cloudfront.net',
  'amazonaws.com',
  'github.io',
  'gitlab.io',
  'herokuapp.com',
  'netlify.app',
  'vercel.app',
  'web.app',
  'firebaseapp.com',
  'pages.dev',
  'workers.dev',
  'azurewebsites.net',
  'blogspot.com',
  'wordpress.com',
  'appspot.com',
  'glitch.me',
  'onrender.com',
  'fly.dev',
  'r2.dev',
  'ngrok.io',
  'ngrok-free.app',
  'repl.co',
  'surge.sh',
  'wixsite.com',
]);

const JP_PREFECTURES = new Set([
  'hokkaido',
  'aomori',
  'iwate',
  'miyagi',
  'akita',
  'yamagata',
  'fukushima',
  'ibaraki',
  'tochigi',
  'gunma',
  'saitama',
  'chiba',
  'tokyo',
  'kanagawa',
  'niigata',
  'toyama',
  'ishikawa',
  'fukui',
  'yamanashi',
  'nagano',
  'gifu',
  'shizuoka',
  'aichi',
  'mie',
  'shiga',
  'kyoto',
  'osaka',
  'hyogo',
  'nara',
  'wakayama',
  'tottori',
  'shimane',
  'okayama',
  'hiroshima',
  'yamaguchi',
  'tokushima',
  'kagawa',
  'ehime',
  'kochi',
  'fukuoka',
  'saga',
  'nagasaki',
  'kumamoto',
  'oita',
  'miyazaki',
  'kagoshima',
  'okinawa',
]);

/** An absolute URL with volatile parts folded (digits, hex and version tokens), for "seen this script before?". */
export function foldUrl(url: string): string {
  // `url.replace(/[0-9a-f]{8,}/gi, '~').replace(/\d+/g, '0')` in one scan (a test compares the two):
  // a run of eight or more hex digits is the first replacement's, and a run of digits always lies
  // inside one run of hex digits, so the second replaces the digit runs of the shorter hex runs only.
  // Most addresses hold nothing to fold and are returned as they are, without a new string.
  let out = '';
  let kept = 0;
  let i = 0;
  while (i < url.length) {
    if (!isHex(url.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < url.length && isHex(url.charCodeAt(end))) end++;
    if (end - i >= 8) {
      out += `${url.slice(kept, i)}~`;
      kept = end;
    } else {
      for (let d = i; d < end; d++) {
        if (!isDigit(url.charCodeAt(d))) continue;
        let digits = d + 1;
        while (digits < end && isDigit(url.charCodeAt(digits))) digits++;
        if (digits - d > 1 || url.charCodeAt(d) !== 0x30) {
          out += `${url.slice(kept, d)}0`;
          kept = digits;
        }
        d = digits;
      }
    }
    i = end;
  }
  return kept === 0 ? url : out + url.slice(kept);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** 0-9, a-f, A-F. */
function isHex(code: number): boolean {
  const lower = code | 0x20;
  return isDigit(code) || (lower >= 0x61 && lower <= 0x66);
}
