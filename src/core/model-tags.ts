/**
 * The element vocabulary of the page model: which tags group text into blocks, which the model records
 * one by one, and which show markup as code. Shared by the model builder and the rendered view's probe.
 */

/** Tags whose text is grouped into one block; the rendered view's probe uses the same list (src/render/in-page). */
export const BLOCK_TAG_NAMES: readonly string[] = [
  'body',
  'p',
  'div',
  'li',
  'td',
  'th',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'dd',
  'dt',
  'section',
  'article',
  'aside',
  'header',
  'footer',
  'nav',
  'main',
  'blockquote',
  'pre',
  'caption',
  'figcaption',
  'address',
  'form',
  'fieldset',
  'legend',
  'center',
  'marquee',
  'button',
  'summary',
  'details',
  'figure',
];
export const BLOCK_TAGS: ReadonlySet<string> = new Set(BLOCK_TAG_NAMES);
/** Elements whose text a visitor never reads as page content. */
export const SUPPRESS_TEXT = new Set(['head', 'title', 'textarea', 'select', 'option', 'template']);
export const MAX_STRUCTURE = 4000;
/** Elements the model records individually (everything else only shapes paths, text and structure). */
export const INTERESTING = new Set([
  'html',
  'base',
  'title',
  'meta',
  'a',
  'area',
  'img',
  'iframe',
  'frame',
  'embed',
  'object',
  'script',
  'form',
]);
/** Script or frame markup (as text, not as elements). */
export const LEAK = /<\s*(?:script|iframe)\b/i;
export const SCRIPT_LEAK = /<\s*script\b/i;
/** Characters of a long inline script's head and of its tail that analysis reads. */
export const SCRIPT_SAMPLE = 32_768;
/** Elements that show their text as code: markup there is an example, not a leak. */
export const CODE_TAGS = new Set(['code', 'pre', 'kbd', 'samp', 'xmp']);

/** What the model builder asks of every element's tag, as bits of one lookup (`TAG_FLAGS`). */
export const IS_BLOCK = 1;
export const IS_SUPPRESS = 2;
export const IS_CODE = 4;
export const IS_INTERESTING = 8;

/**
 * The four sets above as flags by tag name: the walk asked each set about every element of the
 * page, four hash lookups of the same name where one does.
 */
export const TAG_FLAGS: ReadonlyMap<string, number> = (() => {
  const flags = new Map<string, number>();
  const mark = (names: Iterable<string>, bit: number): void => {
    for (const name of names) flags.set(name, (flags.get(name) ?? 0) | bit);
  };
  mark(BLOCK_TAGS, IS_BLOCK);
  mark(SUPPRESS_TEXT, IS_SUPPRESS);
  mark(CODE_TAGS, IS_CODE);
  mark(INTERESTING, IS_INTERESTING);
  return flags;
})();
