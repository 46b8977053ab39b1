import {
  behaviourPatterns,
  needleScanner,
  normaliseScript,
  scriptBehaviour,
} from './active-content/script-behaviour.ts';

/**
 * Disguises: features of code written so that neither a reader nor a scanner sees what it does. The
 * detectors that ask "does this script hide itself?" share this one list.
 */
export const DISGUISE_FEATURES: ReadonlySet<string> = new Set([
  'eval',
  'unescape',
  'from-char-code',
  'atob',
  'escaped-payload',
  'opaque-string',
  'hex-escapes',
  'computed-access',
  'junk-replace',
  // Generated obfuscators: a rotated string table indexed by hex numbers.
  'array-rotation',
  'hex-numbers',
]);

/**
 * Behaviours of inline JavaScript that matter for tampering, found by looking at the source text
 * (never by running it). Each feature is cheap, explainable, and rare in ordinary site scripts
 * on its own; injected code tends to show several at once.
 */

/**
 * Name, pattern, and the lower-case words one of which the pattern needs (null: always tried). The
 * words are found in one scan shared with the behaviour features (`needleScanner`), and only the
 * patterns whose words are present are tried: sixteen regular expressions over every inline script
 * were a third of analysing one.
 */
const FEATURES: [name: string, pattern: RegExp, needles: string[] | null][] = [
  ['eval', /\beval\s*\(|\bnew\s+Function\s*\(|\bFunction\s*\(\s*['"]/, ['eval', 'function']],
  ['unescape', /\bunescape\s*\(|\bdecodeURIComponent\s*\(\s*['"]%/, ['unescape', 'decodeuricomponent']],
  ['from-char-code', /fromCharCode\s*\(/, ['fromcharcode']],
  ['atob', /\batob\s*\(/, ['atob']],
  ['document-write', /document\s*\.\s*write(ln)?\s*\(/, ['write']],
  ['writes-iframe', /<\s*iframe|createElement\s*\(\s*['"]iframe/i, ['iframe']],
  ['writes-script', /createElement\s*\(\s*['"]script|<\s*script[^>]*src/i, ['script']],
  [
    'navigates',
    /(?:window|document|top|self)\s*\.\s*location(?:\s*\.\s*href)?\s*=(?!=)|\blocation\s*\.\s*href\s*=(?!=)|location\s*\.\s*(?:replace|assign)\s*\(|\blocation\s*=\s*['"]/,
    ['location'],
  ],
  ['reads-referrer', /document\s*\.\s*referrer/, ['referrer']],
  ['reads-user-agent', /navigator\s*\.\s*userAgent/, ['useragent']],
  // ASCII written as escapes hides code; escaped non-ASCII (\uXXXX, or UTF-8 bytes such as
  // %E3%83%87 in a Japanese page's links) is how state and URLs routinely carry text.
  ['escaped-payload', /(?:\\x[0-7][0-9a-f]){8,}|(?:%[0-7][0-9a-f]){12,}/i, null],
  [
    'miner',
    /coinhive|cryptonight|CoinImp|webminepool|\bminer\s*\.\s*start\s*\(/i,
    ['coinhive', 'cryptonight', 'coinimp', 'webminepool', 'miner'],
  ],
  // Tried on the raw source (see `scriptFeatures`), whose words the normalised text's scan does not give.
  ['computed-access', /\b(?:document|window|self|top)\s*\[\s*(?!['"][\w$]+['"]\s*\])[^\]]{1,400}\]/, null],
  ['junk-replace', /\.replace\(\s*\/[A-Za-z0-9]{6,}\/g\s*,/, ['replace']],
  [
    'hidden-markup',
    /visibility\s*:\s*hidden|display\s*:\s*none|(?:top|left)\s*:\s*-\d{3,}px|(?:width|height)\s*=\s*\\?['"]?[01]\\?['"\s>]/i,
    ['visibility', 'display', 'top', 'left', 'width', 'height'],
  ],
  ['reads-cookie', /document\s*\.\s*cookie/, ['cookie']],
];

/** One scan finds the words of these features and of the behaviour features. */
const NEEDLES = needleScanner(FEATURES.flatMap(([, , needles]) => needles ?? []));

/** Every feature pattern as text, for the fingerprint of what script analysis computes (`known-scripts.ts`). */
export function featurePatterns(): string {
  return `${FEATURES.map(([name, re]) => `${name}:${re.source}:${re.flags}`).join('\n')}\n${behaviourPatterns()}`;
}

/** For the test that no needle is the prefix of another. */
export function featureNeedles(): string[] {
  return [...NEEDLES.needles];
}

/**
 * Features of the source, read through its cheapest disguises (`this['eval']`, `'ev'+'al'`), plus
 * the behaviour features of `active-content/script-behaviour.ts`. `computed-access` is looked for in
 * the raw text, since undoing the disguise is what removes it.
 */
export function scriptFeatures(source: string): { features: string[]; urls: string[] } {
  const norm = normaliseScript(source);
  // One word scan serves both lists: these patterns read the whole text, the behaviour features its
  // head and tail when it is long, and the scan tells the two sets of words apart.
  const { whole: words, read } = NEEDLES.scanRead(norm);
  const features = FEATURES.filter(
    ([name, re, needles]) =>
      (needles === null || needles.some((n) => words.has(n))) &&
      (name !== 'escaped-payload' || mayHoldEscapes(norm)) &&
      re.test(name === 'computed-access' ? source : norm),
  ).map(([name]) => name);
  if (longOpaqueString(source)) features.push('opaque-string');
  if (hexEscapeDense(source)) features.push('hex-escapes');
  const behaviour = scriptBehaviour(norm, true, read);
  for (const f of behaviour.features) if (!features.includes(f)) features.push(f);
  // What a script writes and then hides is hidden markup, however it hides it.
  if (features.includes('hides-element') && !features.includes('hidden-markup')) features.push('hidden-markup');
  return { features, urls: behaviour.urls };
}

/**
 * Many `\xNN` escapes: strings spelled out byte by byte so that no keyword is visible. Minified
 * code and JSON state use `\u` escapes for a few characters; dense hex escapes are a disguise.
 */
function hexEscapeDense(source: string): boolean {
  if (!source.includes('\\x') && !source.includes('\\X')) return false;
  const count = source.match(/\\x[0-9a-f]{2}/gi)?.length ?? 0;
  return count >= 20 && (count * 4) / source.length >= 0.15;
}

/**
 * Whether `escaped-payload` can match: it needs a `%` or a `\x` (either case, as its flag reads it).
 * Most scripts hold neither, and the pattern is otherwise tried at every position of every script.
 */
function mayHoldEscapes(text: string): boolean {
  return text.includes('%') || text.includes('\\x') || text.includes('\\X');
}

/** Where an inline script sits and what it does: recurring state blobs share one signature. */
export function scriptSignature(s: { path: string; features: string[] }): string {
  const region = s.path.replace(/:nth-of-type\(\d+\)/g, '');
  return `${region}|${[...s.features].sort().join(',')}`;
}

/** A long string literal with high character entropy: packed or encrypted payloads. */
function longOpaqueString(source: string): boolean {
  const literal = /(['"])([^'"\n]{400,})\1/.exec(source);
  if (!literal?.[2]) return false;
  return entropy(literal[2]) > 4.5 && !/\s{2,}/.test(literal[2]);
}

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let e = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    e -= p * Math.log2(p);
  }
  return e;
}
