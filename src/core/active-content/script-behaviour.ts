/**
 * What a piece of JavaScript does, read from its text (never run): the behaviours that tell a
 * payment skimmer, a loader, a cloaked redirect or a miner from ordinary site code. Every feature
 * describes behaviour (reads fields, sends data, decodes then runs, creates a script element), never
 * a family's names, so it carries over to code this project has never seen. Linear regular
 * expressions over a bounded text: a hostile page cannot make analysis slow.
 */
import { toBase36 } from '../text-scan.ts';

/** Characters of one script that behaviour analysis reads (callers sample longer scripts). */
export const MAX_SCRIPT_SCAN = 262_144;

/**
 * Bracketed property names read as dotted ones (`this['eval']` → `this.eval`) and adjacent string
 * literals joined (`'ev'+'al'` → `'eval'`): the two cheapest disguises, undone so the features below
 * see through them.
 */
export function normaliseScript(source: string): string {
  const s = source.length > MAX_SCRIPT_SCAN ? source.slice(0, MAX_SCRIPT_SCAN) : source;
  // Joined first, so that `this['ev'+'al']` reads `this.eval`. Each pass needs a character many
  // scripts lack (a `+`, a `[`), found by a search far cheaper than a pass of its pattern.
  const joined = s.includes('+') ? s.replace(/(['"])\s*\+\s*\1/g, '') : s;
  return joined.includes('[') ? joined.replace(/\[\s*(['"])([A-Za-z_$][\w$]*)\1\s*\]/g, '.$2') : joined;
}

/**
 * Behaviour features: name, pattern, and the lower-case words one of which the pattern needs. The
 * words are looked for first (a plain substring search): most scripts have none of most behaviours,
 * and thirty regular expressions per script were the larger part of analysing an inline script.
 */
const BEHAVIOURS: [name: string, pattern: RegExp, needles: string[]][] = [
  // Reading what visitors typed: values of inputs, serialised forms, form data objects.
  [
    'reads-fields',
    /\.value\b(?!\s*=[^=])|\.val\(\s*\)|\.serialize(?:Array)?\(\s*\)|new\s+FormData\s*\(|\.elements\s*\[|querySelectorAll\s*\(\s*['"][^'"]*\b(?:input|select|textarea)\b/,
    ['.value', '.val(', 'serialize', 'form', '.elements', 'queryselectorall'],
  ],
  // Field names that hold payment data, wherever the script names them.
  [
    'card-fields',
    /(?:\b|_)(?:cc_?(?:num(?:ber)?|cid|cvv|cvc|exp\w*|owner|type)|card_?(?:num(?:ber)?|holder|code|cvc|cvv|exp\w*)|cardnumber|credit_?card|cvv2?|cvc|security_?code|expir(?:y|ation)|billing|iban)(?:\b|_)/i,
    ['cc', 'card', 'cvv', 'cvc', 'security', 'expir', 'billing', 'iban'],
  ],
  // Credentials: reading them is what login forms do; sending them elsewhere is not.
  ['credential-fields', /passw(?:or)?d|\bpasswd\b/i, ['passw']],
  // Waiting for the visitor to submit or click, or polling the form.
  [
    'listens-submit',
    /(?:addEventListener|\.bind|\.on)\s*\(\s*['"][\w\s]*\b(?:submit|click|change|blur|keyup|keydown|input|mouseup|touchend)\b|\.on(?:submit|click|change)\s*=|\.(?:submit|click|change|blur)\s*\(\s*function|\.on\s*\(\s*['"](?:submit|click|change)|attachEvent\s*\(\s*['"]on(?:submit|click)/,
    ['addeventlistener', '.bind', '.on', 'attachevent', '.submit', '.click', '.change', '.blur'],
  ],
  ['polls', /setInterval\s*\(/, ['setinterval']],
  [
    'checkout-words',
    /checkout|onepage|one-step|place[-_ ]?order|payment|shipping/i,
    ['checkout', 'onepage', 'one-step', 'order', 'payment', 'shipping'],
  ],
  // Ways to send data off the page.
  ['sink-beacon', /sendBeacon\s*\(/, ['sendbeacon']],
  ['sink-image', /new\s+Image\s*\(|createElement\s*\(\s*['"]img['"]\s*\)/i, ['image', 'img']],
  ['sink-fetch', /\bfetch\s*\(/, ['fetch']],
  [
    'sink-xhr',
    /XMLHttpRequest|\.ajax\s*\(|\$\.(?:post|get)\s*\(|jQuery\.(?:post|get)\s*\(/,
    ['xmlhttprequest', 'ajax', '.post', '.get'],
  ],
  ['sink-websocket', /new\s+WebSocket\s*\(/, ['websocket']],
  ['sink-form', /createElement\s*\(\s*['"]form['"]\s*\)[^]{0,2000}\.submit\s*\(\s*\)/i, ['form']],
  [
    'frame-address',
    /<\s*iframe[^>]{0,300}\bsrc\s*=|createElement\s*\(\s*['"]iframe['"]\s*\)[^]{0,300}(?:\.src\s*=|setAttribute\s*\(\s*['"]src)/i,
    ['iframe'],
  ],
  [
    'sink-frame',
    /createElement\s*\(\s*['"]iframe['"]\s*\)[^]{0,300}(?:\.src\s*=|setAttribute\s*\(\s*['"]src)/i,
    ['iframe'],
  ],
  // Decoding something and running it at once: the core of every packed loader.
  // (Not document.write(unescape(...)): the old analytics snippets wrote their loader tag that way.)
  [
    'decode-exec',
    /\b(?:eval|Function|setTimeout)\s*\(\s*(?:window\.)?(?:atob|unescape|decodeURIComponent|escape|String\.fromCharCode)\s*\(|\beval\s*\(\s*function\s*\(\s*p\s*,\s*a\s*,\s*c\s*,\s*k\s*,\s*e/,
    ['eval', 'function', 'settimeout'],
  ],
  ['runs-response', /\beval\s*\(\s*[\w$.]*response(?:Text)?\b|new\s+Function\s*\([^)]*response/i, ['response']],
  // The string-array rotation that generated obfuscators emit.
  ['array-rotation', /\.push\s*\(\s*[\w$]+\.shift\s*\(\s*\)\s*\)|while\s*\(\s*!!\s*\[\s*\]\s*\)/, ['shift', 'while']],
  // A script file named in a literal: a loader whose target a reader can see.
  ['names-script-file', /['"][^'"\s]{0,300}\.m?js(?:\?[^'"\s]{0,300})?['"]/, ['js']],
  ['script-src-set', /\.src\s*=(?!=)|setAttribute\s*\(\s*['"]src['"]/, ['src']],
  // Conditions cloaked redirects use to pick their victims.
  [
    'reads-time',
    /\.get(?:UTC)?(?:Hours|Day)\s*\(|getTimezoneOffset\s*\(/,
    ['gethours', 'getday', 'getutc', 'gettimezoneoffset'],
  ],
  ['reads-language', /navigator\.(?:language|languages|platform|vendor)\b/, ['navigator']],
  ['opens-window', /window\.open\s*\(/, ['window.open']],
  ['writes-refresh', /http-equiv\s*=\s*\\?['"]?refresh/i, ['refresh']],
  ['stops-page', /window\.stop\s*\(\s*\)/, ['window.stop']],
  // Hiding what the script creates.
  [
    'hides-element',
    /\.style\.(?:display\s*=\s*['"]none|visibility\s*=\s*['"]hidden|opacity\s*=\s*['"]?0\b)|\.(?:width|height)\s*=\s*['"]?[01]['"]?\s*[;,})\n]|setAttribute\s*\(\s*['"](?:width|height)['"]\s*,\s*['"]?[01]['"]?\s*\)|cssText\s*=\s*['"][^'"]*(?:display\s*:\s*none|visibility\s*:\s*hidden)|(?:left|top)\s*=\s*['"]-\d{3,}px/,
    ['display', 'visibility', 'opacity', 'width', 'height', 'left', 'top'],
  ],
  ['uses-wasm-worker', /WebAssembly|new\s+Worker\s*\(/, ['webassembly', 'worker']],
  [
    'miner-words',
    /\bhash(?:es|rate)\b|hashes\s*per|\bstratum\b|\bxmr\b|monero|cryptonight|mining\s*pool|\bthrottle\s*:/i,
    ['hash', 'stratum', 'xmr', 'monero', 'cryptonight', 'mining', 'throttle'],
  ],
];

/** The behaviour patterns as text, for the fingerprint of what script analysis computes (`known-scripts.ts`). */
export function behaviourPatterns(): string {
  return BEHAVIOURS.map(([name, re]) => `${name}:${re.source}:${re.flags}`).join('\n');
}

/** The words of a needle scan and the scan itself (see `needleScanner`). */
export interface NeedleScanner {
  needles: readonly string[];
  /** The needle words present in a text, lower-cased. */
  scan(source: string): Set<string>;
  /**
   * The needle words of a normalised text (`whole`) and of the part of it `scriptBehaviour` reads
   * (`read`: its head and tail when it samples the text, else the same set), from one scan.
   */
  scanRead(normalised: string): { whole: Set<string>; read: Set<string> };
}

/**
 * A scanner for every behaviour's words plus `extra` ones, in one alternation: one scan of the script
 * finds them all. After each match the search resumes one character later, so overlapping words are
 * all found (as a lookahead tried at every position would find them, only faster: the engine skips
 * to places where a word can start). No needle may be the prefix of another (a test checks this), so
 * none hides behind a longer one starting at the same place, and the set found is the set present.
 * That also makes a scan with extra words find exactly the behaviour words a plain scan finds.
 */
export function needleScanner(extra: readonly string[]): NeedleScanner {
  const needles = [...new Set([...BEHAVIOURS.flatMap(([, , words]) => words), ...extra])];
  const re = new RegExp(needles.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  return {
    needles,
    scan(source: string): Set<string> {
      const found = new Set<string>();
      re.lastIndex = 0;
      for (let m = re.exec(source); m !== null; m = re.exec(source)) {
        found.add(m[0].toLowerCase());
        re.lastIndex = m.index + 1;
      }
      return found;
    },
    scanRead(normalised: string): { whole: Set<string>; read: Set<string> } {
      if (readsWhole(normalised)) {
        const found = this.scan(normalised);
        return { whole: found, read: found };
      }
      // A word is in the sample `head + '\n' + tail` exactly when it lies wholly in the head or wholly
      // in the tail (no needle holds a line break, so none spans the join): the scan of the whole
      // text, which finds every occurrence, tells both sets apart by where each one is.
      const tailFrom = normalised.length - BEHAVIOUR_SAMPLE;
      const whole = new Set<string>();
      const read = new Set<string>();
      re.lastIndex = 0;
      for (let m = re.exec(normalised); m !== null; m = re.exec(normalised)) {
        const word = m[0].toLowerCase();
        whole.add(word);
        if (m.index + m[0].length <= BEHAVIOUR_SAMPLE || m.index >= tailFrom) read.add(word);
        re.lastIndex = m.index + 1;
      }
      return { whole, read };
    },
  };
}

const BEHAVIOUR_NEEDLES = needleScanner([]);

/** For the test that no needle is the prefix of another. */
export function allNeedles(): string[] {
  return [...BEHAVIOUR_NEEDLES.needles];
}

const CREATE_BY_NAME = /createElement\s*\(\s*[A-Za-z_$][\w$]*\s*\)/;
const SCRIPT_WORD = /['"]script['"]/i;

/** Absolute or protocol-relative addresses written in the source, with a host name. */
const ADDRESS = /(?:https?:)?\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?(?:[/?#][^\s'"`<>()\\]*)?/gi;

export interface ScriptBehaviour {
  features: string[];
  /** Addresses written in the source (protocol-relative ones made https), at most 20. */
  urls: string[];
}

/**
 * Characters of a long script's head and of its tail that behaviour analysis reads. Injected code is
 * short and sits at either end of what it was added to; long inline scripts are bundles and state,
 * and reading all of them doubled the cost of analysing scripts. (A change anywhere still changes
 * the script's identity, `codeSkeleton`, so it is reported.)
 */
const BEHAVIOUR_SAMPLE = 12_288;

/** True when `scriptBehaviour` reads all of this normalised text (it samples longer ones). */
export function readsWhole(normalised: string): boolean {
  return normalised.length <= BEHAVIOUR_SAMPLE * 2;
}

/**
 * Behaviour features of a script's source (see BEHAVIOURS), on its normalised text. `readWords`, when
 * given, are the needle words of the part of the normalised text read here, found by `scanRead` of a
 * scanner from `needleScanner`: a caller that scanned the text already spares the second scan.
 */
export function scriptBehaviour(source: string, normalised = false, readWords?: ReadonlySet<string>): ScriptBehaviour {
  const whole = normalised ? source : normaliseScript(source);
  const sampled = !readsWhole(whole);
  const norm = sampled ? `${whole.slice(0, BEHAVIOUR_SAMPLE)}\n${whole.slice(-BEHAVIOUR_SAMPLE)}` : whole;
  const words = readWords ?? BEHAVIOUR_NEEDLES.scan(norm);
  const features = BEHAVIOURS.filter(([, re, needles]) => needles.some((n) => words.has(n)) && re.test(norm)).map(
    ([name]) => name,
  );
  if (hexNumberDense(norm)) features.push('hex-numbers');
  if (features.includes('uses-wasm-worker') && features.includes('miner-words')) features.push('mines');
  // The loader idiom of tag snippets and droppers alike: `createElement(s)` with s = 'script'.
  if (CREATE_BY_NAME.test(norm) && SCRIPT_WORD.test(norm)) features.push('writes-script');
  return { features, urls: addresses(norm) };
}

export function addresses(source: string): string[] {
  const out = new Set<string>();
  for (const m of source.matchAll(ADDRESS)) {
    const raw = m[0];
    // `//` also starts comments; an address needs a dotted host right after it, which ADDRESS demands.
    out.add(raw.startsWith('//') ? `https:${raw}` : raw);
    if (out.size >= 20) break;
  }
  return [...out];
}

/** Numbers written in hex throughout: generated obfuscators index their string tables this way. */
function hexNumberDense(source: string): boolean {
  if (!source.includes('0x') && !source.includes('0X')) return false;
  const count = source.match(/\b0x[0-9a-f]{1,6}\b/gi)?.length ?? 0;
  return count >= 20 && (count * 1000) / source.length >= 8;
}

/**
 * A hash of what the code is, not of the data it carries: string and number literals are folded,
 * whitespace dropped, and the hosts it names kept. Inline configuration that changes every load
 * (nonces, tokens, timestamps, JSON data) keeps its identity; new code, or a new destination, does
 * not. One pass over the characters with the hash mixed as it goes (cyrb53, as `hashText`): every
 * inline script and handler of every page needs one, and regular-expression passes building
 * intermediate strings cost more than the rest of the inventory.
 */
export function codeSkeleton(source: string, hosts: readonly string[]): string {
  const n = Math.min(source.length, MAX_SCRIPT_SCAN);
  let h1 = 0xdeadbeef | 0;
  let h2 = 0x41c6ce57 | 0;
  let prevWord = false;
  let i = 0;
  while (i < n) {
    let c = source.charCodeAt(i);
    if (c === 34 || c === 39 || c === 96) {
      // A string literal: skipped to its closing quote (or the line's end), hashed as `""`.
      let j = i + 1;
      while (j < n) {
        const d = source.charCodeAt(j);
        if (d === 92) j += 2;
        else if (d === c || d === 10) break;
        else j++;
      }
      i = j + 1;
      c = 34;
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
      prevWord = false;
    } else if (c >= 48 && c <= 57 && !prevWord) {
      // A number (or a word starting with a digit): one `0`.
      while (i < n && isWordOrDot(source.charCodeAt(i))) i++;
      c = 48;
      prevWord = true;
    } else if (c === 32 || (c >= 9 && c <= 13)) {
      i++;
      continue;
    } else {
      prevWord = isWordOrDot(c) && c !== 46;
      i++;
    }
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  const tail = `|${[...new Set(hosts)].sort().join(',')}`;
  for (let k = 0; k < tail.length; k++) {
    const c = tail.charCodeAt(k);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  // `toBase36` writes what `toString(36)` writes (skeletons stored in baselines stay comparable), faster.
  return toBase36(4294967296 * (2097151 & h2) + (h1 >>> 0));
}

function isWordOrDot(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c === 46;
}

/**
 * Short words for an analyst, to follow "it": what the script was seen doing, and which of the
 * alarming things (reading fields, sending data) it does not do.
 */
export function describeBehaviour(features: readonly string[]): string {
  const f = new Set(features);
  const does: string[] = [];
  if (f.has('reads-fields'))
    does.push(
      f.has('card-fields')
        ? 'reads payment fields'
        : f.has('credential-fields')
          ? 'reads credential fields'
          : 'reads form fields',
    );
  if (f.has('listens-submit')) does.push('waits for a submit or click');
  const sinks = [...f].filter((x) => x.startsWith('sink-')).map((x) => SINK_WORDS[x] ?? x);
  if (sinks.length > 0) does.push(`can send data (${sinks.join(', ')})`);
  if (f.has('writes-script')) does.push('creates script elements');
  if (f.has('frame-address')) does.push('loads an address in a frame it creates');
  if (f.has('decode-exec') || f.has('runs-response')) does.push('decodes text and runs it');
  if (f.has('navigates') || f.has('opens-window')) does.push('navigates the visitor');
  if (f.has('mines') || f.has('miner')) does.push('mines cryptocurrency');
  if (f.has('hides-element') || f.has('hidden-markup')) does.push('hides what it writes');
  const absent = [
    ...(f.has('reads-fields') ? [] : ['no form reading']),
    ...(sinks.length > 0 ? [] : ['no network sink']),
  ];
  if (does.length === 0) return `shows ${[...absent, 'no navigation', 'no script creation'].join(', ')}`;
  return `${does.join('; ')}${absent.length > 0 ? ` (${absent.join(', ')})` : ''}`;
}

const SINK_WORDS: Record<string, string> = {
  'sink-beacon': 'beacon',
  'sink-image': 'image request',
  'sink-fetch': 'fetch',
  'sink-xhr': 'XMLHttpRequest',
  'sink-websocket': 'WebSocket',
  'sink-form': 'a built form',
  'sink-frame': 'a frame address',
};
