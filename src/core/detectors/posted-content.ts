import type { Reason } from '../verdict.ts';
import type { Baseline } from '../baseline.ts';
import type { PageModel, TextBlock } from '../page-model.ts';
import { parentPath, regionOfPath } from '../element-paths.ts';
import type { Detector } from './types.ts';
import { isVolatileRegion, newVisibleBlocks, unknownHost } from './novelty.ts';
import { dominantScript, profileOf } from '../script-profile.ts';
import { snippet } from '../text.ts';
import { baselineSet } from './baseline-sets.ts';

/** Letters of new text in another writing system needed before a language switch is worth a word. */
const MIN_FOREIGN_LETTERS = 40;

/**
 * Content posted onto a page: new visible text in another writing system than the page's
 * (English on a Japanese page), and new images from hosts the page never used.
 */
export const postedContent: Detector = {
  id: 'posted-content',
  detect({ model, baseline }) {
    if (!baseline || baseline.samples === 0) return [];
    const reasons: Reason[] = [];
    const pageScript = dominantScript(baseline.scriptProfile);
    const fresh = newVisibleBlocks(model, baseline);
    if (pageScript) {
      const foreign = fresh.filter((b) => isForeign(b.text, pageScript));
      const letters = foreign.reduce((n, b) => n + profileOf(b.text).letters, 0);
      const first = foreign[0];
      if (first && letters >= MIN_FOREIGN_LETTERS) {
        const churn = foreign.every((b) => isVolatileRegion(baseline, b.region));
        reasons.push({
          code: 'language-switch',
          severity: churn ? 'low' : 'medium',
          message: `New visible text is written in ${scriptName(dominantScript(profileOf(first.text), 8))} on a page normally in ${scriptName(pageScript)}${churn ? ' (in a region that usually changes)' : ''}.`,
          evidence: { selector: first.path, snippet: snippet(first.text, 200) },
        });
      }
    }
    const posted = postedBlock(model, baseline, fresh);
    if (posted) reasons.push(posted);
    const image = model.images.find((i) => !i.hidden && i.external && unknownHost(i.host, baseline.imageHosts));
    if (image) {
      reasons.push({
        code: 'new-external-image',
        severity: 'low',
        message: `An image from ${image.host ?? image.src}, a host this page never showed images from, was added.`,
        evidence: {
          selector: image.path,
          url: image.src,
          snippet: `<img src="${image.src}"${image.alt ? ` alt="${image.alt}"` : ''}>`,
        },
      });
    }
    return reasons;
  },
};

/**
 * An image and text inserted together in a place that never held content: the shape of a posted
 * defacement ("image and message"). News items arrive in regions the page already fills.
 */
function postedBlock(model: PageModel, baseline: Baseline, fresh: TextBlock[]): Reason | null {
  const regions = baselineSet(baseline, 'regions');
  const containerRegions = new Map<string, string>();
  for (const image of model.images) {
    if (image.hidden) continue;
    const container = parentPath(image.path);
    const containerRegion = regionOfContainer(container, containerRegions);
    if (regions.has(containerRegion)) continue;
    const region = regionOfImage(image.path, containerRegion);
    if (regions.has(region)) continue;
    const text = fresh.filter(
      (b) =>
        !regions.has(b.region) &&
        (b.path.startsWith(`${container}>`) || b.path === container || container.startsWith(`${b.path}>`)),
    );
    const letters = text.reduce((n, b) => n + b.text.length, 0);
    if (letters < 8) continue;
    const foreignImage = image.external && unknownHost(image.host, baseline.imageHosts);
    return {
      // An image of the site's own beside new text is how sites add a feature; `inserted-block` weighs the rest.
      code: 'posted-block',
      severity: foreignImage ? 'high' : 'low',
      message: `An image${foreignImage ? ` from ${image.host ?? 'another host'}` : ''} and a message were inserted together as a new block, in a place that never held content.`,
      evidence: { selector: container, url: image.src, snippet: snippet(text.map((b) => b.text).join(' / '), 200) },
    };
  }
  return null;
}

/** `regionOfPath(container)`, each container's made once per judgement (a page's images share a few). */
function regionOfContainer(container: string, made: Map<string, string>): string {
  const known = made.get(container);
  if (known !== undefined) return known;
  const region = regionOfPath(container);
  made.set(container, region);
  return region;
}

/**
 * `regionOfPath(path)`, given the region of its container (`parentPath(path)`): a region is made
 * segment by segment, so it is the container's and the last segment's.
 */
export function regionOfImage(path: string, containerRegion: string): string {
  const cut = path.lastIndexOf('>');
  return cut < 0 ? regionOfPath(path) : `${containerRegion}>${regionOfPath(path.slice(cut + 1))}`;
}

/**
 * Text in another writing system than the page's. On a Japanese page, kanji-only text counts as
 * foreign only when it is long and has no kana at all: Chinese spam, not a Japanese heading.
 */
function isForeign(text: string, pageScript: NonNullable<ReturnType<typeof dominantScript>>): boolean {
  const p = profileOf(text);
  const s = dominantScript(p, 8);
  if (s === null || s === pageScript) return false;
  if (pageScript === 'japanese' && s === 'kana') return false;
  if (pageScript === 'japanese' && s === 'han') return p.kana === 0 && simplifiedOnly(text) >= 3;
  return true;
}

/**
 * Simplified Chinese characters that Japanese does not use (its forms differ: 這/这 aside, 務 not 务,
 * 場 not 场). Japanese statutes can run long without kana; Chinese spam cannot avoid these.
 */
const SIMPLIFIED_ONLY = new Set(
  [
    ...'这们么说时对还进发东车书长门问间关开见觉实现网页单乐娱彩线务场业买卖钱银电话让给该样经过动头变将热选种应区华赌博体育投注视讯游戏棋牌',
  ].filter((c) => !'体'.includes(c)),
);

function simplifiedOnly(text: string): number {
  let n = 0;
  for (const ch of text) if (SIMPLIFIED_ONLY.has(ch)) n += 1;
  return n;
}

function scriptName(s: string | null): string {
  switch (s) {
    case 'japanese':
      return 'Japanese';
    case 'latin':
      return 'Latin script (e.g. English)';
    case 'han':
      return 'Chinese characters';
    case 'hangul':
      return 'Korean';
    case 'cyrillic':
      return 'Cyrillic';
    case 'arabic':
      return 'Arabic';
    default:
      return 'another script';
  }
}
