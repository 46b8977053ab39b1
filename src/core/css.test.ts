import { describe, expect, it } from 'vitest';
import { atKeyword, hidingTechnique, parseDeclarations, parseSimpleRules, parseStyleSheet } from './css.ts';

const technique = (style: string) => hidingTechnique(parseDeclarations(style));
const selectors = (css: string) => parseSimpleRules(css).map((r) => ({ tag: r.tag, id: r.id, classes: r.classes }));

describe('parseDeclarations', () => {
  it('lower-cases properties and values, strips !important, and lets the last one win', () => {
    const d = parseDeclarations('DISPLAY : Block; display: NONE !important; ; :orphan; color:');
    expect([...d]).toEqual([['display', 'none']]);
  });
});

describe('parseSimpleRules', () => {
  it('reads each compound selector of a selector list', () => {
    expect(selectors('.a, div.b, #c.d { visibility: hidden }')).toEqual([
      { tag: null, id: null, classes: ['a'] },
      { tag: 'div', id: null, classes: ['b'] },
      { tag: null, id: 'c', classes: ['d'] },
    ]);
  });

  it('drops comments but reads rules wrapped in HTML comment markers', () => {
    expect(selectors('/* .gone { display:none } */ <!-- .legacy { display:none } -->')).toEqual([
      { tag: null, id: null, classes: ['legacy'] },
    ]);
  });

  it('skips @media blocks and carries on after them', () => {
    const rules = parseSimpleRules(
      '@media (max-width: 600px) { .sp { display:none } .x { color:red } } .after { display:none }',
    );
    expect(rules.map((r) => r.classes)).toEqual([['after']]);
  });

  it('skips descendant and pseudo-class selectors (conditional hiding such as :hover menus)', () => {
    expect(selectors('ul li { display:none } .menu:hover { display:none } .kept { display:none }')).toEqual([
      { tag: null, id: null, classes: ['kept'] },
    ]);
  });

  it('skips empty rules and respects the rule limit', () => {
    expect(parseSimpleRules('.empty {} .a{display:none}').map((r) => r.classes)).toEqual([['a']]);
    expect(parseSimpleRules('.a{display:none}.b{display:none}.c{display:none}', 2)).toHaveLength(2);
  });

  it('survives unbalanced braces, closing a block left open at the end as browsers do', () => {
    expect(parseSimpleRules('.a{display:none').map((r) => r.classes)).toEqual([['a']]);
    expect(() => parseSimpleRules('}}}{{{'.repeat(1000))).not.toThrow();
  });

  it('keeps rules that follow @charset and @import statements', () => {
    expect(parseSimpleRules('@charset "utf-8"; .zz{display:none}').map((r) => r.classes)).toEqual([['zz']]);
    expect(parseSimpleRules('@import url(x.css); #y{visibility:hidden}').map((r) => r.id)).toEqual(['y']);
  });

  it('reads rules inside @media screen as unconditional and feature queries as conditional', () => {
    const sheet = parseStyleSheet(
      '@media screen { .a{display:none} } @media (max-width: 600px) { .b{display:block} } @media print { .c{display:none} }',
    );
    expect(sheet.rules.map((r) => r.classes)).toEqual([['a']]);
    expect(sheet.conditional.map((r) => r.classes)).toEqual([['b']]);
  });
});

describe('hidingTechnique', () => {
  it.each([
    ['display:none', 'display:none'],
    ['display:table-column', 'display:table-column'],
    ['display:table-column-group', 'display:table-column-group'],
    ['visibility:hidden', 'visibility:hidden'],
    ['visibility:collapse', 'visibility:collapse'],
    ['opacity:0.01', 'opacity:0'],
    ['font-size:0px', 'font-size:0'],
    ['position:absolute;left:-9999px', 'off-screen'],
    ['position:fixed;top:-600px', 'off-screen'],
    ['text-indent:-9999px', 'text-indent'],
    ['text-indent:-40em', 'text-indent'],
    ['height:0;overflow:hidden', 'zero-size'],
    ['width:1px;overflow:hidden', 'zero-size'],
    ['clip:rect(0 0 0 0)', 'clip'],
    ['clip:rect(0px,0px,0px,0px)', 'clip'],
    ['clip-path:inset(50%)', 'clip'],
    ['transform:scale(0)', 'scale:0'],
    ['color:#fff;background-color:#ffffff', 'colour-matches-background'],
    ['color:white;background:#FFF url(bg.png)', 'colour-matches-background'],
    ['color:rgb(255,255,255);background-color:#fff', 'colour-matches-background'],
    ['color:rgb(255, 255, 255);background-color:#fff', 'colour-matches-background'],
  ])('reads %s as %s', (style, expected) => {
    expect(technique(style)).toBe(expected);
  });

  it.each([
    'position:absolute;left:10px',
    'left:-9999px',
    'opacity:0.9',
    'opacity:abc',
    'text-indent:-1em',
    'font-size:0.5em',
    'height:0',
    'overflow:hidden;height:200px',
    'transform:scale(0.5)',
    'clip:rect(0 10px 10px 0)',
    'color:#333;background:#fff',
    'display:block;visibility:visible',
  ])('leaves the visible look-alike %s alone', (style) => {
    expect(technique(style)).toBeNull();
  });
});

describe('atKeyword', () => {
  it('answers as /^@word\\b/i does, on random preludes', () => {
    let seed = 5;
    const next = (): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed >>> 8;
    };
    const pieces = [
      '@',
      'media',
      'MEDIA',
      'MeDiA',
      'supports',
      'Supports',
      'medi',
      'x',
      '_',
      '1',
      ' ',
      '(',
      '-',
      'ſ',
      'K',
      'ı',
      'é',
      '',
    ];
    for (let n = 0; n < 20_000; n++) {
      let prelude = n % 3 === 0 ? '' : '@';
      for (let k = next() % 4; k >= 0; k--) prelude += pieces[next() % pieces.length];
      for (const word of ['media', 'supports']) {
        expect(atKeyword(prelude, word), `${prelude} ${word}`).toBe(new RegExp(`^@${word}\\b`, 'i').test(prelude));
      }
    }
  });
});
