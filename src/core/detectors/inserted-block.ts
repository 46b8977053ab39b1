import type { Baseline } from '../baseline.ts';
import type { ImageRef, PageModel, TextBlock } from '../page-model.ts';
import type { Reason, Severity } from '../verdict.ts';
import type { Detector } from './types.ts';
import { newVisibleBlocks, unknownHost } from './novelty.ts';
import { defacerRegister } from './vocabulary.ts';
import { languageOf } from '../language.ts';
import { parentPath, regionOfPath } from '../element-paths.ts';
import { foldUrl } from '../url.ts';
import { snippet } from '../text.ts';
import { baselineSet } from './baseline-sets.ts';

/**
 * A block posted onto a page, judged by how it sits and how it speaks rather than by one phrase.
 * Partial defacements put a banner where every visitor sees it (after the headline, at the top of
 * the main content) in markup of their own, with a headline, an image and a message in another
 * register. Each of those is weak alone: a site adds notices, centres a line, names a team. Several
 * together, on one new block, are a defacement. Every signal that fires is named in the reason.
 */
export const insertedBlock: Detector = {
  id: 'inserted-block',
  detect({ model, baseline }) {
    if (!baseline || baseline.samples === 0) return [];
    const fresh = new Set(newVisibleBlocks(model, baseline));
    if (fresh.size === 0) return [];
    const visible = model.textBlocks.filter((b) => !b.hidden);
    // A page rewritten for the most part is a redesign or a replacement (`page-replaced.ts`), not an insertion.
    if (textLength([...fresh]) > REWRITE_SHARE * textLength(visible)) return [];
    let best: Finding | null = null;
    for (const cluster of clustersOf(visible, fresh).slice(0, MAX_CLUSTERS)) {
      const found = judgeCluster(cluster, visible, model, baseline);
      if (found && (!best || found.strength > best.strength)) best = found;
    }
    return best ? reasonsOf(best) : [];
  },
};

const REGISTER_PREFIX = "in a defacer's register: ";

/** Share of the visible text that is new above which the page counts as rewritten. */
const REWRITE_SHARE = 0.5;
/** Clusters looked at: a page rewritten wholesale is another detector's business. */
const MAX_CLUSTERS = 40;
/** A posted banner is a headline and a few sentences; a new chapter of a policy is not one. */
const MAX_CLUSTER_TEXT = 1500;

interface Cluster {
  blocks: TextBlock[];
  /** Index of the first block among the page's visible blocks. */
  start: number;
}

interface Finding {
  cluster: Cluster;
  /** How the block sits: place, markup, headline, image. */
  form: string[];
  /** How it speaks: register, language, an image from a host never seen. */
  content: string[];
  look: string[];
  severity: Severity | null;
  strength: number;
}

/** Runs of new visible blocks with no known block between them: one insertion each. */
function clustersOf(visible: TextBlock[], fresh: Set<TextBlock>): Cluster[] {
  const out: Cluster[] = [];
  let current: Cluster | null = null;
  for (let i = 0; i < visible.length; i++) {
    const b = visible[i] as TextBlock;
    if (!fresh.has(b)) {
      current = null;
      continue;
    }
    if (!current) {
      current = { blocks: [], start: i };
      out.push(current);
    }
    current.blocks.push(b);
  }
  return out;
}

function judgeCluster(cluster: Cluster, visible: TextBlock[], model: PageModel, baseline: Baseline): Finding | null {
  const text = cluster.blocks.map((b) => b.text).join(' ');
  if (text.length > MAX_CLUSTER_TEXT) return null;
  const form: string[] = [];
  const content: string[] = [];
  const place = prominentPlace(cluster, visible);
  if (place) form.push(place);
  const regions = baselineSet(baseline, 'regions');
  if (cluster.blocks.every((b) => !regions.has(b.region))) form.push('in a place that never held text');
  const knownLooks = new Set(baseline.blockLooks ?? []);
  const look = [...new Set(cluster.blocks.flatMap((b) => b.look ?? []))].filter((l) => !knownLooks.has(l));
  if (look.length > 0) form.push(`dressed in its own markup (${look.join(', ')}) unlike the page's blocks`);
  if (cluster.blocks.some((b) => /^h[1-3]$/.test(tagOf(b.path)))) form.push('with a headline of its own');
  const image = imageIn(cluster, model, baseline);
  if (image && image.external && unknownHost(image.host, baseline.imageHosts))
    content.push(`with an image from ${image.host ?? 'another host'}, never seen on this page`);
  else if (image) form.push('with a new image');
  // Each register signal counts apart; the message names them together.
  const register = defacerRegister(text);
  content.push(...register.map((s) => `${REGISTER_PREFIX}${s}`));
  const lang = languageOf(text, 2);
  if (lang && baseline.language && !sameLanguage(lang, baseline.language))
    content.push(`written in another language (${lang}) than the page (${baseline.language})`);
  const severity = severityOf(form.length, content.length, look.length > 0);
  return { cluster, form, content, look, severity, strength: content.length * 2 + form.length };
}

/**
 * Strength from how many signals of each kind agree. Form alone (a new notice at the top, centred)
 * is how sites announce things; a message in a defacer's register at such a place is not.
 */
function severityOf(form: number, content: number, foreignLook: boolean): Severity | null {
  if ((content >= 2 && form >= 2) || (content >= 1 && (foreignLook ? form >= 3 : form >= 4))) return 'high';
  if ((content >= 1 && form >= 2) || content >= 3) return 'medium';
  if ((content >= 1 && form >= 1) || content >= 2 || (foreignLook && form >= 3)) return 'low';
  if (form >= 3 || (foreignLook && form >= 2)) return 'info';
  return null;
}

/** Kanji-only text (a statute's title, a name) is still Japanese on a Japanese page. */
function sameLanguage(a: string, b: string): boolean {
  return a === b || (a === 'han' && b === 'japanese');
}

const LANDMARK = /^(?:main|article)\b|#(?:content|main)\b/;

/** Where a visitor cannot miss it: the top of the page, right after its headline, or first in its main content. */
function prominentPlace(cluster: Cluster, visible: TextBlock[]): string | null {
  if (cluster.start === 0) return 'at the top of the page';
  const before = visible[cluster.start - 1];
  if (before && tagOf(before.path) === 'h1') return "right after the page's headline";
  const first = cluster.blocks[0] as TextBlock;
  const segments = first.path.split('>');
  for (let i = segments.length - 2; i >= 1; i--) {
    if (!LANDMARK.test(segments[i] as string)) continue;
    const landmark = `${segments.slice(0, i + 1).join('>')}>`;
    const earlier = visible.slice(0, cluster.start).some((b) => b.path.startsWith(landmark));
    return earlier ? null : `at the top of the main content (${segments[i] ?? ''})`;
  }
  return null;
}

/** A new visible image inside the cluster's block or its new container. */
function imageIn(cluster: Cluster, model: PageModel, baseline: Baseline): ImageRef | null {
  const knownSrcs = new Set(baseline.imageSrcs ?? []);
  const regions = baselineSet(baseline, 'regions');
  const containers = new Set<string>();
  for (const b of cluster.blocks) {
    containers.add(b.path);
    const parent = parentPath(b.path);
    // The parent counts when it is as new as the block: a wrapper the insertion brought.
    if (
      parent &&
      !regions.has(regionOfPath(parent)) &&
      !LANDMARK.test(parent.slice(parent.lastIndexOf('>') + 1)) &&
      parent.includes('>body')
    )
      containers.add(parent);
  }
  for (const image of model.images) {
    if (image.hidden || knownSrcs.has(foldUrl(image.src))) continue;
    for (const c of containers) if (image.path.startsWith(`${c}>`)) return image;
  }
  return null;
}

function textLength(blocks: TextBlock[]): number {
  return blocks.reduce((n, b) => n + b.text.length, 0);
}

function tagOf(path: string): string {
  const last = path.slice(path.lastIndexOf('>') + 1);
  return /^[a-z0-9]+/.exec(last)?.[0] ?? '';
}

function reasonsOf(f: Finding): Reason[] {
  if (!f.severity) return [];
  const first = f.cluster.blocks[0] as TextBlock;
  const text = f.cluster.blocks.map((b) => b.text).join(' / ');
  const register = f.content.filter((c) => c.startsWith(REGISTER_PREFIX)).map((c) => c.slice(REGISTER_PREFIX.length));
  const signals = [...f.form, ...f.content.filter((c) => !c.startsWith(REGISTER_PREFIX))];
  if (register.length > 0) signals.push(`in a defacer's register (${register.join('; ')})`);
  const reasons: Reason[] = [
    {
      code: 'inserted-block',
      severity: f.severity,
      message: `A new block was inserted ${signals.join(', ')}, saying “${snippet(text, 120)}”.`,
      evidence: { selector: first.path, snippet: snippet(text, 200) },
    },
  ];
  // One low-weight reason per kind of signal, so a fitted verdict model can weigh them apart.
  if (f.severity !== 'info') {
    if (f.look.length > 0)
      reasons.push(
        note(
          'inserted-block-markup',
          `The new block brings its own presentation (${f.look.join(', ')}), which none of the page's blocks wear.`,
          first,
        ),
      );
    if (register.length > 0)
      reasons.push(
        note(
          'inserted-block-register',
          'The new block speaks like a defacer (words, crew talk, handles or shouting).',
          first,
        ),
      );
    if (f.content.some((c) => c.startsWith('written in another language')))
      reasons.push(
        note('inserted-block-language', 'The new block is written in another language than the page.', first),
      );
    if (f.content.some((c) => c.startsWith('with an image')))
      reasons.push(
        note(
          'inserted-block-image',
          'The new block shows an image from a host the page never showed images from.',
          first,
        ),
      );
  }
  return reasons;
}

function note(code: string, message: string, block: TextBlock): Reason {
  return { code, severity: 'info', message, evidence: { selector: block.path } };
}
