import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { LinearParser, type LinearParserOptions, type ParserEvents } from './linear-parser.ts';

/** Every event a parser reports, as lines, for comparing two parsers on the same input. */
function events(parse: (cbs: ParserEvents) => void): string[] {
  const out: string[] = [];
  parse({
    onopentag: (name, attribs, implied) => out.push(`open ${name} ${JSON.stringify(attribs)} ${implied}`),
    onclosetag: (name, implied) => out.push(`close ${name} ${implied}`),
    ontext: (data) => out.push(`text ${data}`),
    oncomment: (data) => out.push(`comment ${data}`),
    oncdatastart: () => out.push('cdata'),
    oncdataend: () => out.push('/cdata'),
    onprocessinginstruction: (name, data) => out.push(`pi ${name} ${data}`),
  });
  return out;
}

const PIECES = [
  '<div>',
  '</div>',
  '<p>',
  '</p>',
  '<span class="a b">',
  '</span>',
  '<table>',
  '<tr>',
  '<td>',
  '</td>',
  '<th>',
  '</tr>',
  '</table>',
  '<li>',
  '<ul>',
  '</ul>',
  '<a href="/x?a=1&amp;b=2">',
  '</a>',
  '<form>',
  '</form>',
  '<input type=hidden>',
  '<br>',
  '</br>',
  '<img src=x>',
  '<svg>',
  '</svg>',
  '<foreignObject>',
  '</foreignobject>',
  '<clipPath/>',
  '<math>',
  '<mi>',
  '</math>',
  '<title>T</title>',
  '<script>if (a<b) x()</script>',
  '<style>.a{}</style>',
  '<textarea><b></textarea>',
  '<image src=y>',
  '<select>',
  '<option>',
  '<h1>',
  '<h2>',
  '</h1>',
  '<dd>',
  '<dt>',
  '<body>',
  '<head>',
  '<!-- c -->',
  '<![CDATA[ d ]]>',
  '<?xml v?>',
  '<!DOCTYPE html>',
  'text &lt; &amp; &#x41;',
  ' ',
  '<x/>',
  '</nope>',
  '<B ID=Q>',
  '</b>',
  '<font>',
  '<center>',
  "<DIV title='q\"' title=2>",
];

/** A deterministic pseudo-random generator (mulberry32), so a failure can be reproduced. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function markup(next: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += PIECES[Math.floor(next() * PIECES.length)];
  return s;
}

const MODES: [string, LinearParserOptions][] = [
  ['HTML', { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }],
  ['XML', { xmlMode: true, decodeEntities: true }],
];

describe('LinearParser', () => {
  for (const [mode, options] of MODES) {
    it(`reports the same events as htmlparser2's Parser on random ${mode} markup`, () => {
      const next = random(15);
      for (let round = 0; round < 300; round++) {
        const input = markup(next, 1 + Math.floor(next() * 120));
        const theirs = events((cbs) => new Parser(cbs, options).end(input));
        const ours = events((cbs) => new LinearParser(cbs, options).end(input));
        expect(ours, input).toEqual(theirs);
      }
    });
  }

  it('opens and closes 1,000,000 nested elements in linear time', () => {
    let opened = 0;
    let closed = 0;
    const start = performance.now();
    new LinearParser({ onopentag: () => opened++, onclosetag: () => closed++ }).end(
      `${'<div>'.repeat(1_000_000)}${'</x>'.repeat(100_000)}</div>`,
    );
    expect(opened).toBe(1_000_000);
    expect(closed).toBe(1_000_000);
    expect(performance.now() - start).toBeLessThan(15_000);
  });

  it('keeps the first attributes of an element past maxAttributes and says so', () => {
    const seen: Record<string, string>[] = [];
    const parser = new LinearParser({ onopentag: (_n, a) => seen.push(a) }, { maxAttributes: 2 });
    parser.end('<p a=1 b=2 c=3><i x=1>');
    expect(seen).toEqual([{ a: '1', b: '2' }, { x: '1' }]);
    expect(parser.attributesDropped).toBe(true);
  });

  it('says which elements carry a handler or a `<` in a kept attribute value, entities decoded', () => {
    const marked: Record<string, boolean | undefined> = {};
    new LinearParser(
      { onopentag: (_n, a, _implied, m) => (marked[a.id ?? ''] = m) },
      { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
    ).end(
      '<p id=plain class=x title="a > b"><p id=handler ONCLICK="go()"><p id=on on="x">' +
        '<p id=markup data-x="<b>"><p id=entity title="&lt;i&gt;"><p id=repeat title=ok title="<b>">',
    );
    expect(marked).toEqual({
      plain: false,
      handler: true,
      on: false,
      markup: true,
      entity: true,
      repeat: false,
    });
  });
});
