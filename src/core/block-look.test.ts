import { describe, expect, it } from 'vitest';
import { analysePage } from './analyse.ts';
import { ownLook } from './block-look.ts';

const looks = (body: string) =>
  Object.fromEntries(
    analysePage(`<html><body>${body}</body></html>`, 'https://www.example.gov/').textBlocks.map((b) => [
      b.text,
      b.look ?? [],
    ]),
  );

describe('block look', () => {
  it("passes a wrapper's inline centring, colours, border and monospace font to the blocks inside it", () => {
    const l = looks(
      '<div style="text-align: center; color:#0f0; border:2px solid red; font-family: Courier New, monospace"><h1>Banner</h1><p>Message</p></div>',
    );
    expect(l.Banner).toEqual(['centred', 'coloured', 'bordered', 'monospace']);
    expect(l.Message).toEqual(['centred', 'coloured', 'bordered', 'monospace']);
  });

  it('marks a block by the presentational tags inside it, but not by an inline-styled span', () => {
    const l = looks(
      '<p>Plain <font color="red">red</font> words</p><p>Also <span style="color:red">red</span> words</p><center><marquee>Scrolling</marquee></center>',
    );
    expect(l['Plain red words']).toEqual(['coloured', 'font-tag']);
    expect(l['Also red words']).toEqual([]);
    expect(l.Scrolling).toEqual(['centred', 'marquee']);
  });

  it('ignores styles that do not dress text: no border, transparent background, layout', () => {
    const l = looks(
      '<div style="border:none;background:transparent;margin:0 auto;display:flex"><p>Layout only</p></div><p align="center">Old centring</p>',
    );
    expect(l['Layout only']).toEqual([]);
    expect(l['Old centring']).toEqual(['centred']);
  });
});

describe('ownLook', () => {
  it('gives the same look with a document’s remembered styles as without, styles repeated', () => {
    const styles = new Map<string, number>();
    const values = [
      'text-align:center',
      'color:red',
      'border:0',
      'color:red',
      'TEXT-ALIGN: CENTER',
      'border:1px solid',
    ];
    for (const style of [...values, ...values]) {
      const el = {
        type: 'tag',
        name: 'div',
        attribs: { style },
        children: [],
        parent: null,
        nth: 0,
        several: false,
        marked: false,
      } as const;
      expect(ownLook({ ...el, children: [] }, styles), style).toBe(ownLook({ ...el, children: [] }));
    }
  });
});
