import type { LiteElement as Element } from './lite-dom.ts';

/**
 * How a block is dressed by its own markup: inline styles and presentational tags, as a bit set.
 * Pages style their content from stylesheets through classes; a block pasted in by hand (a
 * defacer's banner, a spam notice) brings its own centring, colours and borders inline, or the
 * `<center>`, `<font>` and `<marquee>` tags of hand-written deface pages. What a page's own blocks
 * never wear is learnt per page (`Baseline.blockLooks`), so a site that centres text inline is not
 * held against itself.
 */
export const LOOK = {
  centred: 1,
  coloured: 2,
  bordered: 4,
  monospace: 8,
  'font-tag': 16,
  marquee: 32,
} as const;

export type LookName = keyof typeof LOOK;

const NAMES = Object.keys(LOOK) as LookName[];

/**
 * Presentational tags mark the block they sit in (`<p><font color=red>`); inline styles on a `<span>`
 * do not, as editors put them in ordinary prose all the time.
 */
const INLINE_TAGS = LOOK['font-tag'] | LOOK.marquee;

/** Distinct inline styles whose look a document remembers: hostile pages can carry one per element. */
const MAX_STYLE_LOOKS = 2000;

/**
 * The look of one element itself (not its ancestors). Cheap: most elements have no style and no
 * presentational tag. `styles`, given per document, remembers the look of each inline style read:
 * pages repeat a handful of them on hundreds of elements, and each read is four regular expressions.
 */
export function ownLook(el: Element, styles?: Map<string, number>): number {
  let look = 0;
  switch (el.name) {
    case 'center':
      look |= LOOK.centred;
      break;
    case 'font':
      look |= LOOK['font-tag'] | (el.attribs.color ? LOOK.coloured : 0);
      break;
    case 'marquee':
    case 'blink':
      look |= LOOK.marquee;
      break;
    default:
      break;
  }
  const a = el.attribs;
  if (a.align !== undefined && a.align.trim().toLowerCase() === 'center') look |= LOOK.centred;
  if (a.bgcolor !== undefined) look |= LOOK.coloured;
  const style = a.style;
  if (style !== undefined && style.length > 4)
    look |= styles ? rememberedLook(style, styles) : styleLook(style.toLowerCase());
  return look;
}

function rememberedLook(style: string, styles: Map<string, number>): number {
  const known = styles.get(style);
  if (known !== undefined) return known;
  const look = styleLook(style.toLowerCase());
  if (styles.size < MAX_STYLE_LOOKS) styles.set(style, look);
  return look;
}

function styleLook(style: string): number {
  let look = 0;
  if (/text-align\s*:\s*center/.test(style)) look |= LOOK.centred;
  // `color` alone, not `border-color`; backgrounds that are images or transparent do not colour text.
  if (/(?:^|[;\s])(?:color|background(?:-color)?)\s*:\s*(?!transparent|inherit|initial|none|url)/.test(style))
    look |= LOOK.coloured;
  if (/(?:^|[;\s])border(?:-(?:top|bottom|left|right))?\s*:\s*(?!0|none)/.test(style)) look |= LOOK.bordered;
  if (/font-family\s*:[^;]*(?:monospace|courier|consolas|terminal)/.test(style)) look |= LOOK.monospace;
  return look;
}

/** The part of an element's own look that marks the block it sits in, when it is inline inside one. */
export function inlineLook(look: number): number {
  return (look & INLINE_TAGS) === 0 ? 0 : look;
}

export function lookNames(look: number): LookName[] {
  return NAMES.filter((n) => (look & LOOK[n]) !== 0);
}
