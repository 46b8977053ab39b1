import chardet from 'chardet';
import { charsetFromBom, isMultiByteCharset, normalizeCharset, prescanMetaCharset } from './charset.ts';
import { parseContentType } from './content-type.ts';
import type { CharsetSource } from './types.ts';

/**
 * Above this share of U+FFFD in the decoded text the page is reported as `bad-encoding`: most of it is
 * unreadable. Below it the page is judged as decoded: a block of another encoding pasted into a page
 * is a content change (often an injection), not an outage.
 */
export const BAD_ENCODING_RATIO = 0.3;

/** chardet is slow (about 0.7 s per MB): a page's head is enough to recognise its encoding. */
const SNIFF_SAMPLE_BYTES = 32 * 1024;
/** chardet confidences run 0..100; below this a guess is noise (random bytes score under 10). */
const SNIFF_MIN_CONFIDENCE = 50;

export interface DecodeResult {
  text: string;
  /** WHATWG encoding name actually used. */
  charset: string;
  charsetSource: CharsetSource;
  /** Share of characters that are U+FFFD because bytes did not decode; 0 when decoding was clean. */
  replacementRatio: number;
}

export interface CharsetCandidate {
  charset: string;
  source: CharsetSource;
}

/**
 * Decodes an HTML body. Candidates in order: BOM, Content-Type charset, `<meta>` prescan, chardet
 * sniff, UTF-8. The first that decodes without a single error wins. If none does, the one with the
 * fewest replacement characters is used (real pages often carry a stray bad byte); the caller
 * judges `replacementRatio` against BAD_ENCODING_RATIO.
 *
 * The BOM comes before the header, as in the WHATWG encoding-sniffing algorithm and browsers:
 * a BOM is never accidental, while a server-wide default charset header often is.
 */
export function decodeHtml(bytes: Uint8Array, contentType: string | null): DecodeResult {
  // Declared charsets first: a page that decodes cleanly as declared never pays for chardet, which
  // costs far more than everything else a check of an unchanged page does.
  const declared = declaredCandidates(bytes, contentType);
  const clean = firstClean(bytes, declared);
  if (clean) return clean;
  const candidates = withFallbacks(bytes, declared);
  const sniffedClean = firstClean(bytes, candidates.slice(declared.length));
  if (sniffedClean) return sniffedClean;
  let best: DecodeResult | null = null;
  for (const candidate of candidates) {
    const text = decodeWith(bytes, candidate.charset, false) ?? '';
    const ratio = replacementRatio(text);
    if (best === null || ratio < best.replacementRatio) {
      best = { text, charset: candidate.charset, charsetSource: candidate.source, replacementRatio: ratio };
    }
  }
  // Unreachable in practice: the list always ends with utf-8, which decodes anything non-fatally.
  return best ?? { text: '', charset: 'utf-8', charsetSource: 'default', replacementRatio: 0 };
}

function firstClean(bytes: Uint8Array, candidates: CharsetCandidate[]): DecodeResult | null {
  for (const candidate of candidates) {
    const text = decodeWith(bytes, candidate.charset, true);
    if (text !== null)
      return { text, charset: candidate.charset, charsetSource: candidate.source, replacementRatio: 0 };
  }
  return null;
}

/**
 * The ordered, de-duplicated candidate list. A single-byte sniff (windows-1252 and kin) is only
 * considered when nothing was declared: such encodings accept any bytes, so as a fallback they would
 * silently turn one stray byte in a declared UTF-8 page into a whole page of mojibake.
 */
export function charsetCandidates(bytes: Uint8Array, contentType: string | null): CharsetCandidate[] {
  return withFallbacks(bytes, declaredCandidates(bytes, contentType));
}

/** BOM, Content-Type charset and `<meta>` prescan, de-duplicated, in that order. */
function declaredCandidates(bytes: Uint8Array, contentType: string | null): CharsetCandidate[] {
  const list: CharsetCandidate[] = [];
  const headerLabel = parseContentType(contentType)?.charset;
  addCandidate(list, charsetFromBom(bytes), 'bom');
  addCandidate(list, headerLabel ? normalizeCharset(headerLabel) : null, 'header');
  addCandidate(list, prescanMetaCharset(bytes), 'meta');
  return list;
}

/** The declared candidates followed by the sniffed charset (when it may be trusted) and UTF-8. */
function withFallbacks(bytes: Uint8Array, declared: CharsetCandidate[]): CharsetCandidate[] {
  const list = [...declared];
  const sniffed = sniffCharset(bytes);
  if (sniffed && (declared.length === 0 || isMultiByteCharset(sniffed))) addCandidate(list, sniffed, 'sniff');
  addCandidate(list, 'utf-8', 'default');
  return list;
}

function addCandidate(list: CharsetCandidate[], charset: string | null, source: CharsetSource): void {
  if (charset && !list.some((c) => c.charset === charset)) list.push({ charset, source });
}

/** chardet's best guess with enough confidence, as a WHATWG name; null otherwise. */
export function sniffCharset(bytes: Uint8Array): string | null {
  const sample = bytes.subarray(0, SNIFF_SAMPLE_BYTES);
  // Plain ASCII reads the same in every candidate; leave it to the UTF-8 default rather than let
  // chardet call it windows-1252. ESC is kept: ISO-2022-JP is 7-bit and needs the sniff.
  if (!sample.some((byte) => byte >= 0x80 || byte === 0x1b)) return null;
  const best = chardet
    .analyse(sample)
    .find((m) => m.confidence >= SNIFF_MIN_CONFIDENCE && normalizeCharset(m.name) !== null);
  return best ? normalizeCharset(best.name) : null;
}

function decodeWith(bytes: Uint8Array, charset: string, fatal: boolean): string | null {
  try {
    return new TextDecoder(charset, { fatal }).decode(bytes);
  } catch {
    return null;
  }
}

function replacementRatio(text: string): number {
  if (text.length === 0) return 0;
  let count = 0;
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) count++;
  return count / text.length;
}
