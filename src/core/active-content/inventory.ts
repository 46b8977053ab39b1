/**
 * The page's active content: everything that runs code, loads code or sends the visitor or their
 * input somewhere, each with its place and an identity that survives churn. Like a payment-page
 * script watch (PCI DSS 11.6.1): a new or changed item is always reported; how alarming it is
 * depends on what it does (detectors/active-content.ts, skimmer.ts, loader.ts).
 */
import { codeSkeleton } from './script-behaviour.ts';

export const ACTIVE_KINDS = [
  'script-src',
  'script-inline',
  'iframe',
  'object',
  'embed',
  'form-action',
  'meta-refresh',
  'event-handler',
  'preload-script',
  'base-href',
] as const;
export type ActiveKind = (typeof ACTIVE_KINDS)[number];

/** Where an item sits, in words an analyst uses. */
export type ActiveZone = 'head' | 'body' | 'footer' | 'content' | 'outside';

export interface ActiveItem {
  kind: ActiveKind;
  /** Selector of the element. */
  path: string;
  zone: ActiveZone;
  /**
   * Identity with volatile parts folded: for addresses host + path with hashed names, versions and
   * tokens folded (and only the query's parameter names); for code, its skeleton (`codeSkeleton`).
   */
  key: string;
  /** The address concerned (script, frame, form target, refresh target), absolute; null for inline code. */
  url: string | null;
  host: string | null;
  external: boolean;
  /** Scripts: how an external script is loaded (`async`/`defer` are what tag managers and widgets use). */
  loading?: 'async' | 'defer' | 'sync';
  /** Frames: how it is hidden, if it is. */
  hidden?: string;
  /** Behaviour features of inline code (script-features.ts). */
  features: string[];
  /** Addresses written in inline code. */
  urls: string[];
  snippet: string;
}

/** Items recorded per page, and event handlers among them: hostile pages can carry thousands. */
export const MAX_ITEMS = 400;
export const MAX_HANDLERS = 150;

/**
 * An address's identity: host and path with hashed asset names, build ids, versions and digits
 * folded, and of the query only its parameter names. A bundle renamed by a build keeps its identity;
 * a script from another host or another file does not.
 */
export function addressKey(url: string): string {
  // The builder hands over addresses the WHATWG parser already resolved: reading them as text spares a second parse.
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/i.exec(url);
  if (!m) return `?${url.slice(0, 200)}`;
  // Lookbehinds anchor each try at the start of a run, so the passes stay linear on hostile addresses.
  const path = (m[2] ?? '')
    .slice(0, 500)
    .replace(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{16,}/g, (t) => (/\d/.test(t) ? '~' : t))
    .replace(/(?<![A-Za-z0-9])[0-9a-f]{6,}(?![A-Za-z0-9])/gi, (t) => (/\d/.test(t) ? '~' : t))
    .replace(/\d+/g, '0');
  const query = (m[3] ?? '').slice(0, 2000);
  const params = query
    ? [
        ...new Set(
          query
            .split('&')
            .map((kv) => kv.split('=')[0] ?? '')
            .filter(Boolean),
        ),
      ]
        .sort()
        .join('&')
    : '';
  return `${(m[1] ?? '').toLowerCase()}${path}${params ? `?${params}` : ''}`;
}

/** Identity of inline code: its skeleton with the hosts it names. */
export function codeKey(kind: ActiveKind, source: string, urls: readonly string[], extra = ''): string {
  // Addresses from `addresses()` all start with a scheme and `//`: the host is read as text, unparsed.
  const hosts = urls.flatMap((u) => {
    const host = /^[a-z]+:\/\/([^/?#]+)/i.exec(u)?.[1];
    return host ? [host.toLowerCase()] : [];
  });
  return `${kind}|${extra}|${codeSkeleton(source, hosts)}`;
}

/** The zone of a selector: head, footer, a content element (a link, heading, paragraph), the body, or neither. */
export function zoneOf(path: string): ActiveZone {
  if (path.startsWith('html>head') || /^html[^>]*>head/.test(path)) return 'head';
  if (!/^html[^>]*>body/.test(path)) return 'outside';
  const segments = path.split('>');
  if (segments.some((s) => /^footer\b|^[a-z0-9]+[#.][\w.-]*foot/i.test(s))) return 'footer';
  const parent = segments.at(-2) ?? '';
  if (/^(?:a|h[1-6]|p|li|span|td|th|b|strong|em|font|label)(?:$|[#.:])/.test(parent)) return 'content';
  return 'body';
}

const ZONE_WORDS: Record<ActiveZone, string> = {
  head: 'in the head',
  body: 'in the body',
  footer: 'in the footer',
  content: 'inside page content',
  outside: 'outside the head and body',
};

export function zoneWords(zone: ActiveZone): string {
  return ZONE_WORDS[zone];
}

const KIND_WORDS: Record<ActiveKind, string> = {
  'script-src': 'external script',
  'script-inline': 'inline script',
  iframe: 'frame',
  object: 'object element',
  embed: 'embed element',
  'form-action': 'form target',
  'meta-refresh': 'meta refresh',
  'event-handler': 'event-handler attribute',
  'preload-script': 'script preload',
  'base-href': 'base address',
};

export function kindWords(kind: ActiveKind): string {
  return KIND_WORDS[kind];
}
