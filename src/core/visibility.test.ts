import { describe, expect, it } from 'vitest';
import type { LiteElement } from './lite-dom.ts';
import { hiddenByElement, indexHidingRules } from './visibility.ts';

function element(name: string, attribs: Record<string, string>): LiteElement {
  return { type: 'tag', name, attribs, children: [], parent: null, nth: 0, several: false, marked: false };
}

const rules = indexHidingRules([
  '.gone { display: none } .faint.twice { opacity: 0 } #away { visibility: hidden } aside { font-size: 0 }',
]);

describe('hiddenByElement with style rules', () => {
  it('finds a class rule whichever of the classes names it, across any whitespace', () => {
    for (const cls of ['gone', ' gone', 'a gone', 'a\tgone ', 'a\u3000gone', '\ngone\u00a0b', 'x  y gone']) {
      expect(hiddenByElement(element('p', { class: cls }), rules), JSON.stringify(cls)).toEqual({
        technique: 'display:none',
        source: 'style-rule',
      });
    }
  });

  it('does not take a class for part of another or for its neighbours joined', () => {
    for (const cls of ['gone-not', 'ngone', 'go ne', '', '   ', 'Gone']) {
      expect(hiddenByElement(element('p', { class: cls }), rules), JSON.stringify(cls)).toBeNull();
    }
    expect(hiddenByElement(element('p', {}), rules)).toBeNull();
  });

  it('needs every class of a compound rule', () => {
    expect(hiddenByElement(element('p', { class: 'faint' }), rules)).toBeNull();
    expect(hiddenByElement(element('p', { class: 'twice x faint' }), rules)?.technique).toBe('opacity:0');
  });

  it('matches ids and tags, with or without classes on the element', () => {
    expect(hiddenByElement(element('div', { id: 'away', class: 'unrelated' }), rules)?.technique).toBe(
      'visibility:hidden',
    );
    expect(hiddenByElement(element('aside', { class: 'unrelated' }), rules)?.technique).toBe('font-size:0');
    expect(hiddenByElement(element('div', { id: 'here' }), rules)).toBeNull();
  });

  describe('hiddenByElement with inline styles', () => {
    it('answers each inline style for itself when styles repeat and alternate', () => {
      const index = indexHidingRules([]);
      const styles = ['display:none', 'color:red', 'opacity:0', 'display:none', 'color:red', 'opacity:0'];
      expect(styles.map((style) => hiddenByElement(element('p', { style }), index)?.technique ?? null)).toEqual([
        'display:none',
        null,
        'opacity:0',
        'display:none',
        null,
        'opacity:0',
      ]);
    });
  });
});
