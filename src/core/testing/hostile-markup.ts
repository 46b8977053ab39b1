/**
 * Random markup for differential tests of the HTML tokenizer: pieces chosen to land on every state's
 * edges (raw-text end tags in any case, comments that end early or never, CDATA, bogus comments,
 * `&` with and without `;`, NUL and the characters that `| 0x20` folds onto `<` and `/`), seeded so
 * that a failure can be replayed.
 */
const PIECES = [
  '<',
  '</',
  '>',
  '/>',
  '/',
  '=',
  '"',
  "'",
  ' ',
  '\n',
  '\t',
  '\f',
  '\r',
  '\0',
  '\x1c',
  '\x0f',
  '-',
  '--',
  ']',
  ']]',
  '!',
  '?',
  '&',
  '&amp;',
  '&amp',
  '&AMP',
  '&ampx',
  '&#',
  '&#x',
  '&#65;',
  '&#x1F600;',
  '&#0;',
  '&#xD800;',
  '&#99999999;',
  '&not',
  '&notin;',
  '&notit;',
  '&lt',
  '&gt;',
  '&nbsp',
  '&copy=',
  '&copyx',
  '&;',
  '&&',
  '<!--',
  '-->',
  '--!>',
  '<!-->',
  '<!--->',
  '<!---->',
  '<!',
  '<?',
  '<?xml ?>',
  '<![CDATA[',
  '<![cdata[',
  '<!DOCTYPE html>',
  '<!doc',
  '<!doctypo',
  'script',
  'style',
  'title',
  'textarea',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'plaintext',
  'svg',
  'math',
  'foreignObject',
  'a',
  'div',
  'p',
  'img',
  'br',
  'SCRIPT',
  'TiTle',
  'sTyLe',
  '</script',
  '</script>',
  '</style>',
  '</title',
  '</textarea >',
  '</svg>',
  '</math>',
  '</ p>',
  '</>',
  'class',
  'href',
  'on',
  'x',
  'é',
  '😀',
  '\u00a0',
  'text ',
  'a b c',
];

/** A small seeded generator (mulberry32): the same seed gives the same documents. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One document of up to `maxPieces` pieces, some of them whole tags with attributes. */
export function hostileMarkup(random: () => number, maxPieces = 40): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const count = 1 + Math.floor(random() * maxPieces);
  let out = '';
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < 0.15) out += tag(pick, random);
    else out += pick(PIECES);
  }
  return out;
}

function tag(pick: <T>(items: readonly T[]) => T, random: () => number): string {
  const name = pick(['a', 'div', 'script', 'style', 'title', 'textarea', 'svg', 'math', 'p', 'img', 'xmp', 'iframe']);
  let out = `<${random() < 0.2 ? '/' : ''}${random() < 0.3 ? name.toUpperCase() : name}`;
  const attributes = Math.floor(random() * 4);
  for (let i = 0; i < attributes; i++) {
    const value = pick(['x', 'a&amp;b', 'a&ampb', '&#34;', '', 'u v', '&notin', '"', "'", '>']);
    const quote = pick(['"', "'", '', '']);
    out += `${pick([' ', '\n', '/', ''])}${pick(['href', 'class', 'x', 'on', '=a', 'data-x'])}`;
    if (random() < 0.8) out += `${pick(['=', ' = ', '='])}${quote}${value}${quote}`;
  }
  return out + pick(['>', '/>', ' >', '', '>']);
}
