import type { Reason } from '../verdict.ts';
import type { Baseline } from '../baseline.ts';
import type { FrameRef, PageModel } from '../page-model.ts';
import { hostOf, registrableDomain } from '../url.ts';
import type { Detector } from './types.ts';
import { newBlocks, unknownHost } from './novelty.ts';
import { snippet } from '../text.ts';
import { baselineSet } from './baseline-sets.ts';

/**
 * New content a visitor cannot see. Above all, external links slipped into a listing and hidden:
 * SEO spam's signature, and exactly what a site owner never notices.
 */
export const hiddenContent: Detector = {
  id: 'hidden-content',
  detect({ model, baseline }) {
    if (!baseline) return [];
    const reasons: Reason[] = [];
    const knownHrefs = new Set<string>();
    for (const link of model.links) {
      if (!link.hidden || !link.external || !unknownHost(link.host, baseline.linkHosts)) continue;
      if (knownHrefs.has(link.href)) continue;
      knownHrefs.add(link.href);
      reasons.push({
        code: 'hidden-external-link',
        severity: 'high',
        message: `A new link to ${link.host ?? link.href} was added but hidden from visitors (${link.hidden.technique}${hidingSource(link.hidden.source)}).`,
        evidence: {
          selector: link.path,
          snippet: link.text ? `<a href="${link.href}">${snippet(link.text, 80)}</a>` : link.href,
          url: link.href,
        },
      });
    }
    const hiddenText = newBlocks(model, baseline).filter((b) => b.hidden && b.text.length >= 20);
    const payload = hiddenText.find((b) => looksEncoded(b.text));
    const first = payload ?? hiddenText[0];
    if (first && reasons.length === 0) {
      reasons.push({
        code: payload ? 'hidden-payload' : 'hidden-text',
        severity: payload ? 'medium' : 'low',
        message: payload
          ? `A new hidden element (${payload.hidden?.technique ?? 'hidden'}) holds a long encoded string: the payload a decoder script reads.`
          : `New text was added that visitors cannot see (${first.hidden?.technique ?? 'hidden'}).`,
        evidence: { selector: first.path, snippet: snippet(first.text, 120) },
      });
    }
    return reasons;
  },
};

function hidingSource(source: string): string {
  if (source === 'style-rule') return ', by a <style> rule';
  if (source === 'rendered') return ', as a real browser draws the page';
  return '';
}

/**
 * Text that is data rather than words for a reader: no spaces, digits joined by separators, or
 * "words" that no language spells (no vowels, long consonant runs). Decoder scripts read such payloads.
 */
export function looksEncoded(text: string): boolean {
  if (text.length < 200) return false;
  // Only ASCII can be an encoding of bytes; Japanese and Chinese prose has no spaces either.
  const nonAscii = text.match(/[^\x20-\x7e]/g)?.length ?? 0;
  if (nonAscii / text.length > 0.1) return false;
  const spaces = text.match(/\s/g)?.length ?? 0;
  if (spaces / text.length < 0.02 && new Set(text).size >= 16) return true;
  const digits = text.match(/[\d*,;|.-]/g)?.length ?? 0;
  if (digits / text.length > 0.7) return true;
  const words = text.toLowerCase().match(/[a-z]{3,}/g) ?? [];
  if (words.length < 20) return false;
  const odd = words.filter((w) => !/[aeiouy]/.test(w) || /[^aeiouy]{5,}/.test(w)).length;
  return odd / words.length > 0.3;
}

/**
 * Why a new hidden frame looks like a tracker's rather than a drive-by, or null. Analytics and
 * consent services park an invisible frame on their own domain beside the script that loads them;
 * an injected frame points at a domain the page had no dealings with. Judged by what the page already
 * does, not by a list of names: the frame's domain must be one that a script the page has long run
 * (an external script's host, or an address written in an inline script the baseline knows) uses.
 */
export function trackerFrameReason(frame: FrameRef, model: PageModel, baseline: Baseline): string | null {
  if (!frame.host) return null;
  const domain = registrableDomain(frame.host);
  if (baseline.scriptHosts.some((h) => registrableDomain(h) === domain))
    return `the page already runs scripts from ${domain}`;
  const knownShapes = baselineSet(baseline, 'inlineScriptShapes');
  for (const s of model.scripts) {
    if (!s.inlineShapeHash || !knownShapes.has(s.inlineShapeHash)) continue;
    for (const u of s.urls) {
      const host = hostOf(u);
      if (host && registrableDomain(host) === domain)
        return `an inline script the page has long run loads code from ${domain}`;
    }
  }
  return null;
}
