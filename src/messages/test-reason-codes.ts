/**
 * Test support: the reason codes src/core can emit, read from its source (the source of truth), so a
 * new detector's code cannot slip past the catalogue's completeness test. Every `code:` property and
 * every `note('…')` call is read; an expression this reader cannot resolve is reported, not skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ACTIVE_KINDS } from '../core/active-content/inventory.ts';
import { OUTCOME_CLASSES } from '../core/outcome.ts';
import { SITE_REASON_CODES } from '../core/site/codes.ts';

export interface CoreReasonCodes {
  codes: Set<string>;
  /** `file:line expression` of `code:` values this reader could not turn into codes. */
  unresolved: string[];
}

/** Values of `code:` that are not emitted reason codes: type annotations, flags, pass-throughs of a reason. */
const NOT_CODES = new Set(['string', 'SiteReasonCode', 'boolean', 'false', 'true', 'r.code']);

/** Dynamic codes, resolved from the lists they are built from. */
const DYNAMIC: Record<string, () => string[]> = {
  // assess.ts: a failed check's outcome class is its reason code.
  'obs.outcome': () => OUTCOME_CLASSES.filter((c) => c !== 'ok'),
  // detectors/active-content.ts
  '`active-${item.kind}-added`': () => ACTIVE_KINDS.map((k) => `active-${k}-added`),
  // core/site/incident.ts: a site watch's findings become the site incident's reasons. Their codes
  // (dns-*, tls-*, domain-*, header-*) are the typed list `finding()` takes, an expiry threshold's
  // family once with `{days}`.
  'f.code': () => [...SITE_REASON_CODES],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The expression after `code:` up to the first `,` or `;` or `}` outside brackets and strings. */
function expressionAt(text: string, start: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) return text.slice(start, i).trim();
      depth--;
    } else if ((ch === ',' || ch === ';' || ch === '\n') && depth === 0) {
      // A ternary continues on the next line with `?` or `:`.
      if (ch === '\n' && /^\s*[?:]/.test(text.slice(i + 1))) continue;
      if (ch === '\n' && text.slice(start, i).trim() === '') continue;
      return text.slice(start, i).trim();
    }
  }
  return text.slice(start).trim();
}

export function coreReasonCodes(coreDir: string): CoreReasonCodes {
  const codes = new Set<string>();
  const unresolved: string[] = [];
  const files = sourceFiles(coreDir);
  const constants = new Map<string, string>();
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/export const (\w+) = '([a-z0-9-]+)';/g))
      constants.set(m[1]!, m[2]!);
  }
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bnote\(\s*'([a-z0-9-]+)'/g)) codes.add(m[1]!);
    // A property at a line's start or after `{`/`,`: prose that says "code:" in comments is not one.
    for (const m of text.matchAll(/(?:^|[{,])\s*code\??:/gm)) {
      const expr = expressionAt(text, m.index + m[0].length);
      if (NOT_CODES.has(expr)) continue;
      const dynamic = DYNAMIC[expr];
      const constant = constants.get(expr);
      const literals = [...expr.matchAll(/'([a-z0-9-]+)'/g)].map((l) => l[1]!);
      if (dynamic) dynamic().forEach((c) => codes.add(c));
      else if (constant) codes.add(constant);
      else if (literals.length > 0 && !expr.includes('`')) literals.forEach((c) => codes.add(c));
      else {
        const line = text.slice(0, m.index).split('\n').length;
        unresolved.push(`${relative(coreDir, file)}:${line} ${expr}`);
      }
    }
  }
  return { codes, unresolved };
}
