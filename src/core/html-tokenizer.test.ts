import { describe, expect, it } from 'vitest';
import { HtmlTokenizer } from './html-tokenizer.ts';
import { LinearParser, type ParserEvents } from './linear-parser.ts';
import { hostileMarkup, seededRandom } from './testing/hostile-markup.ts';
import { TokenizerRecorder, firstDifference } from './testing/tokenizer-recorder.ts';

/** Edge cases of HTML tokenization that htmlparser2 12 handles in a way of its own. */
const EDGE_CASES = [
  '',
  'plain text only',
  '<p class="a&amp;b" id=x>hi &amp; &notit; there &copy= &ampx</p>',
  '<a title="&not" alt=\'&notin\' href=&amp&lt;x data-x=&#x41;&#65>',
  '<script>if (a < b && c </b) {}</SCRIPT ><script>x</script',
  '<style>a{}</style x="y"><xmp>&amp;<b></xmp><iframe><p></iframe>',
  '<title>a &amp; <b> &lt</title><textarea>&notin; \x1c/textarea></textarea>',
  '<noembed>x</noembed><noframes>y</noframes><plaintext></plaintext><p>',
  '<!----><!--><!---><!-- a -- b --!><!-- x --!x-->',
  '<!DOCTYPE html><!doctype><!doctypo x><!x><!><?php echo 1 ?><? ?>',
  '<![CDATA[x]]><svg><![CDATA[y]]></svg><math><![CDATA[z]]]></math><![CDATA[open',
  '</ p></><//x></3><a/b><a / ><br/><img src=x/>',
  '<a =x b c=d e="1" e="2" =>',
  '<div\0 x\0="\0">\0&#0;&#xD800;&#x110000;&#99999999999;</div>',
  '<svg><script>&lt;</script><foreignObject><script>&lt;</script></foreignObject></svg>',
  '<a href',
  '<a href=',
  '<a href="x',
  "<a href='x",
  '<a href=x',
  '</a',
  '<!-- open',
  '<!-',
  '<!',
  '<',
  '&',
  '&am',
  'x &amp',
  '&#',
  '&#x',
  '&#12',
  '<!DOCTYPE',
  '<![CDA',
  '<?x',
  '<a /',
  '</a ',
  '<script>x</scr',
  '<title>&amp',
  '<p>😀 é\u00a0&nbsp &NotANamedOne; &&amp;& ;</p>',
];

describe('HtmlTokenizer against htmlparser2 12 (callback for callback)', () => {
  it.each(EDGE_CASES.map((html) => [html]))('%j', (html) => {
    expect(firstDifference(html)).toBeNull();
  });

  it('agrees on 5,000 random hostile documents', () => {
    const random = seededRandom(21);
    for (let i = 0; i < 5000; i++) {
      const html = hostileMarkup(random, i % 10 === 0 ? 400 : 40);
      const difference = firstDifference(html);
      if (difference !== null) expect.fail(`document ${i} ${JSON.stringify(html)}: ${difference}`);
    }
  });

  it.each([
    ['without decoding entities', { decodeEntities: false }],
    ['recognising `/>`', { recognizeSelfClosing: true }],
  ])('agrees %s (edge cases and 1,000 random documents)', (_name, options) => {
    const random = seededRandom(7);
    const documents = [...EDGE_CASES, ...Array.from({ length: 1000 }, () => hostileMarkup(random, 60))];
    for (const html of documents) {
      const difference = firstDifference(html, options);
      if (difference !== null) expect.fail(`${JSON.stringify(html)}: ${difference}`);
    }
  });
});

describe('LinearParser over the HTML tokenizer', () => {
  function events(feed: (parser: LinearParser) => void): string[] {
    const out: string[] = [];
    const handler: ParserEvents = {
      onopentag: (name, attribs, implied) => out.push(`open ${name} ${JSON.stringify(attribs)} ${implied}`),
      onclosetag: (name, implied) => out.push(`close ${name} ${implied}`),
      ontext: (data) => out.push(`text ${JSON.stringify(data)}`),
      oncomment: (data) => out.push(`comment ${JSON.stringify(data)}`),
      onprocessinginstruction: (name, data) => out.push(`pi ${name} ${data}`),
    };
    feed(new LinearParser(handler));
    return out;
  }

  it('reports what it reported over htmlparser2 (documents read whole vs fed in one piece)', () => {
    const random = seededRandom(16);
    const documents = [...EDGE_CASES, ...Array.from({ length: 1000 }, () => hostileMarkup(random, 60))];
    for (const html of documents) {
      const whole = events((parser) => parser.end(html));
      const streamed = events((parser) => {
        parser.write(html);
        parser.finish();
      });
      expect(whole, JSON.stringify(html)).toEqual(streamed);
    }
  });
});

describe('HtmlTokenizer on hostile input: work grows linearly', () => {
  const HOSTILE: Array<[string, (n: number) => string]> = [
    ['`<a ` without `>`', (n) => '<a '.repeat(n)],
    ['`&` alone', (n) => '&'.repeat(n)],
    ['`&amp` without `;`', (n) => '&amp'.repeat(n)],
    ['an unterminated comment of dashes', (n) => `<!--${'-'.repeat(n)}`],
    ['`<!` repeated', (n) => '<!'.repeat(n)],
    ['`</` repeated', (n) => '</'.repeat(n)],
    ['deep nesting', (n) => '<div>'.repeat(n)],
    ['an unterminated attribute value with entities', (n) => `<a href="${'&lt'.repeat(n)}`],
    ['`<script>` with false end tags', (n) => `<script>${'</scrip'.repeat(n)}`],
    ['`<title>` with `<` and `&`', (n) => `<title>${'<&'.repeat(n)}`],
    ['attributes without values', (n) => `<a${' x'.repeat(n)}>`],
  ];

  function work(html: string): number {
    const tokenizer = new HtmlTokenizer(new TokenizerRecorder(html));
    tokenizer.tokenize(html);
    return tokenizer.work;
  }

  it.each(HOSTILE)('%s', (_name, make) => {
    const small = make(20_000);
    const large = make(80_000);
    // A small constant per character looked at, the same at both sizes: no rescans.
    expect(work(small)).toBeLessThanOrEqual(3 * small.length);
    expect(work(large)).toBeLessThanOrEqual(3 * large.length);
    expect(work(large) / large.length).toBeLessThanOrEqual((work(small) / small.length) * 1.1);
  });
});
