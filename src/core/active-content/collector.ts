/**
 * Builds the active-content inventory during the model builder's one walk of the document: the
 * builder hands over each script, frame, form, refresh, preload, base and event-handler attribute
 * with its path and resolved address. Pure and bounded.
 */
import { snippet } from '../text.ts';
import { scriptFeatures } from '../script-features.ts';
import { addressKey, codeKey, MAX_HANDLERS, MAX_ITEMS, zoneOf, type ActiveItem, type ActiveKind } from './inventory.ts';

export interface ResolvedAddress {
  href: string;
  host: string | null;
  external: boolean;
}

/** Characters of an event-handler attribute analysed (handlers are one-liners; injected ones are not much longer). */
const MAX_HANDLER = 4096;
/** One call of a named function with no string in it, optionally returning a boolean. */
const PLAIN_CALL =
  /^\s*(?:return\s+)?[\w$.]{1,80}\s*\([^()'"`]{0,80}\)\s*;?\s*(?:return\s+(?:false|true)\s*;?\s*)?$|^\s*return\s+(?:false|true)\s*;?\s*$/;
/** Calls that are never plain, whatever they look like. */
const RISKY_WORD = /eval|atob|unescape|Function|write|location|open|fromCharCode|src/i;

export class ActiveCollector {
  readonly items: ActiveItem[] = [];
  private handlers = 0;

  externalScript(path: string, r: ResolvedAddress | null, raw: string, attribs: Record<string, string>): void {
    const url = r?.href ?? raw;
    const loading =
      attribs.async !== undefined
        ? 'async'
        : attribs.defer !== undefined || (attribs.type ?? '').toLowerCase() === 'module'
          ? 'defer'
          : 'sync';
    this.add({
      kind: 'script-src',
      path,
      zone: zoneOf(path),
      key: `script-src|${addressKey(url)}`,
      url,
      host: r?.host ?? null,
      external: r?.external ?? false,
      loading,
      features: [],
      urls: [],
      snippet: `<script src="${snippet(raw, 180)}">`,
    });
  }

  /**
   * An inline script already analysed by the builder (features and addresses of its sampled source);
   * `shown` is `snippet(source, 200)` when the builder has it already, `key` its identity when the
   * baseline knew the script (`known-scripts.ts`).
   */
  inlineScript(path: string, source: string, features: string[], urls: string[], shown?: string, key?: string): void {
    this.add({
      kind: 'script-inline',
      path,
      zone: zoneOf(path),
      key: key ?? codeKey('script-inline', source, urls),
      url: null,
      host: null,
      external: false,
      features,
      urls,
      snippet: shown ?? snippet(source, 200),
    });
  }

  frame(
    kind: 'iframe' | 'object' | 'embed',
    path: string,
    r: ResolvedAddress | null,
    raw: string,
    hidden: string | null,
  ): void {
    const url = r?.href ?? raw;
    this.add({
      kind,
      path,
      zone: zoneOf(path),
      key: `${kind}|${addressKey(url)}`,
      url,
      host: r?.host ?? null,
      external: r?.external ?? false,
      ...(hidden ? { hidden } : {}),
      features: [],
      urls: [],
      snippet: `<${kind === 'iframe' ? 'iframe' : kind} src="${snippet(raw, 180)}">`,
    });
  }

  form(path: string, r: ResolvedAddress | null, raw: string): void {
    const url = r?.href ?? raw;
    this.add({
      kind: 'form-action',
      path,
      zone: zoneOf(path),
      key: `form-action|${addressKey(url)}`,
      url,
      host: r?.host ?? null,
      external: r?.external ?? false,
      features: [],
      urls: [],
      snippet: `<form action="${snippet(raw, 180)}">`,
    });
  }

  refresh(path: string, r: ResolvedAddress | null, delaySeconds: number): void {
    this.add({
      kind: 'meta-refresh',
      path,
      zone: zoneOf(path),
      key: `meta-refresh|${r ? addressKey(r.href) : 'self'}`,
      url: r?.href ?? null,
      host: r?.host ?? null,
      external: r?.external ?? false,
      features: [],
      urls: [],
      snippet: `<meta http-equiv="refresh" content="${delaySeconds}${r ? `;url=${snippet(r.href, 160)}` : ''}">`,
    });
  }

  /** `<link rel=preload|modulepreload>` of a script: code the page will run, announced early. */
  preload(path: string, attribs: Record<string, string>, r: ResolvedAddress | null): void {
    const rel = (attribs.rel ?? '').toLowerCase();
    const script =
      rel.includes('modulepreload') || (rel.includes('preload') && (attribs.as ?? '').toLowerCase() === 'script');
    if (!script || !r) return;
    this.add({
      kind: 'preload-script',
      path,
      zone: zoneOf(path),
      key: `preload-script|${addressKey(r.href)}`,
      url: r.href,
      host: r.host,
      external: r.external,
      features: [],
      urls: [],
      snippet: `<link rel="${rel}" href="${snippet(r.href, 160)}">`,
    });
  }

  base(path: string, r: ResolvedAddress | null): void {
    if (!r) return;
    this.add({
      kind: 'base-href',
      path,
      zone: zoneOf(path),
      key: `base-href|${r.host ?? r.href}`,
      url: r.href,
      host: r.host,
      external: r.external,
      features: [],
      urls: [],
      snippet: `<base href="${snippet(r.href, 160)}">`,
    });
  }

  /** An `on*` attribute: code that runs when the visitor does something (or when an image fails to load). */
  handler(path: () => string, tag: string, name: string, value: string): void {
    if (this.handlers >= MAX_HANDLERS || !value.trim()) return;
    this.handlers++;
    const code = value.length > MAX_HANDLER ? value.slice(0, MAX_HANDLER) : value;
    // Most handlers are one plain call (`toggle(this)`, `return false`): nothing to analyse in them.
    const { features, urls } =
      PLAIN_CALL.test(code) && !RISKY_WORD.test(code) ? { features: [], urls: [] } : scriptFeatures(code);
    const at = path();
    this.add({
      kind: 'event-handler',
      path: at,
      zone: zoneOf(at),
      key: codeKey('event-handler', code, urls, `${tag}.${name}`),
      url: null,
      host: null,
      external: false,
      features,
      urls,
      snippet: snippet(`${name}="${value}"`, 200),
    });
  }

  private add(item: ActiveItem): void {
    if (this.items.length < MAX_ITEMS) this.items.push(item);
  }
}

export type { ActiveKind };
