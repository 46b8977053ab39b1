/* global document, NodeFilter */
/*
 * Runs in the page once it has settled, through the API instrument.js installs. Plain JavaScript for
 * the same reason as instrument.js. It decides, as the browser computed it, whether each text block,
 * link, image and frame can be seen by a visitor, and writes the answer on the element as the
 * `data-mamori-view` attribute ("visible" or the hiding technique) before serialising the document.
 * The static analysis (src/core) then reads the serialised DOM in its rendered mode and trusts these
 * marks instead of guessing from CSS, so one set of detectors judges both views.
 *
 * Text is judged by its ink: the boxes of its text nodes (Range.getClientRects), clipped by every
 * ancestor that hides overflow, inside the document's area, with a non-zero font size, an opacity
 * that reaches the screen, a visibility of visible, and a colour that differs from what is behind it.
 * That one test catches hiding however it is done: inline style, a class rule, a script after load.
 *
 * Marking, serialising and unmarking happen in one synchronous call, so the page's own code cannot
 * see or alter the marks in between.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by the script in-page.ts assembles
function mamoriProbe(natives, marks, options) {
  'use strict';
  const VIEW = 'data-mamori-view';
  const INSERTED = 'data-mamori-inserted';
  const BLOCK_TAGS = new Set(options.blockTags);
  const SKIP_TEXT = new Set([
    'script',
    'style',
    'noscript',
    'template',
    'title',
    'head',
    'textarea',
    'option',
    'select',
  ]);
  const FAR = 2000;
  const styles = new Map();
  const style = (el) => {
    let s = styles.get(el);
    if (!s) {
      s = natives.style(el);
      styles.set(el, s);
    }
    return s;
  };
  const prop = (el, name) => natives.prop(style(el), name);
  const tag = (el) => String(el.localName || '').toLowerCase();
  const root = document.documentElement;
  const docWidth = Math.max(root.scrollWidth, natives.rect(root).width);
  const docHeight = Math.max(root.scrollHeight, natives.rect(root).height);

  /** Parent elements from el up to <html>. */
  const chain = (el) => {
    const out = [];
    for (let e = el; e; e = natives.parent(e)) out.push(e);
    return out;
  };

  const parseColour = (text) => {
    const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+%?))?\s*\)/.exec(String(text));
    if (!m) return null;
    let alpha = m[4] === undefined ? 1 : parseFloat(m[4]);
    if (m[4] && m[4].endsWith('%')) alpha /= 100;
    return { r: +m[1], g: +m[2], b: +m[3], a: alpha };
  };
  /** The colour painted behind el, or null when an image or gradient makes it unknowable. */
  const backgroundBehind = (el) => {
    for (const e of chain(el)) {
      if (prop(e, 'background-image') !== 'none') return null;
      const c = parseColour(prop(e, 'background-color'));
      if (c && c.a > 0.5) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 }; // the canvas of a page without a background
  };

  /** The hiding that comes from el's ancestors or itself, independent of where its ink falls. */
  const styleHiding = (el) => {
    if (prop(el, 'visibility') !== 'visible') return 'visibility:hidden';
    let opacity = 1;
    for (const e of chain(el)) {
      opacity *= parseFloat(prop(e, 'opacity')) || 0;
      if (prop(e, 'transform').startsWith('matrix(0, 0, 0, 0') || /scale\(0\)/.test(prop(e, 'scale'))) return 'scale:0';
      const clip = prop(e, 'clip');
      if (
        clip.startsWith('rect(') &&
        /rect\(\s*0px,?\s+0px,?\s+0px,?\s+0px\s*\)/.test(clip) &&
        prop(e, 'position') === 'absolute'
      )
        return 'clip';
      const clipPath = prop(e, 'clip-path');
      if (clipPath !== 'none' && /inset\(\s*50%|circle\(\s*0(px)?\s*[ a)]|polygon\(\s*0px 0px\s*\)/.test(clipPath))
        return 'clip';
    }
    if (opacity <= 0.05) return 'opacity:0';
    return null;
  };

  /** Whether a box survives every ancestor that clips its overflow; the clipping one when not. */
  const clippedBy = (el, box) => {
    let { left, top, right, bottom } = box;
    for (const e of chain(el).slice(1)) {
      if (e === root || e === document.body) continue;
      const ox = prop(e, 'overflow-x');
      const oy = prop(e, 'overflow-y');
      if (ox === 'visible' && oy === 'visible') continue;
      const r = natives.rect(e);
      if (ox !== 'visible') {
        left = Math.max(left, r.left);
        right = Math.min(right, r.right);
      }
      if (oy !== 'visible') {
        top = Math.max(top, r.top);
        bottom = Math.min(bottom, r.bottom);
      }
      if (right - left < 1 || bottom - top < 1) return e;
    }
    return null;
  };

  const offPage = (box) => {
    const sx = document.defaultView.scrollX;
    const sy = document.defaultView.scrollY;
    return box.right + sx <= 0 || box.bottom + sy <= 0 || box.left + sx >= docWidth || box.top + sy >= docHeight;
  };

  const indented = (el) => chain(el).some((e) => Math.abs(parseFloat(prop(e, 'text-indent')) || 0) >= FAR / 2);

  /** Why a set of boxes cannot be seen (after the style checks passed), or null. */
  const boxHiding = (el, boxes) => {
    const real = boxes.filter((b) => b.width >= 1 && b.height >= 1);
    if (real.length === 0) return 'zero-size';
    const onPage = real.filter((b) => !offPage(b));
    if (onPage.length === 0) return indented(el) ? 'text-indent' : 'off-screen';
    const shown = onPage.filter((b) => clippedBy(el, b) === null);
    if (shown.length === 0) return indented(el) ? 'text-indent' : 'zero-size';
    return null;
  };

  const range = natives.createRange(document);
  /** Why this text node's ink is invisible, or null when a visitor can read it. */
  const textHiding = (text, el) => {
    if (natives.rects(el).length === 0 && prop(el, 'display') !== 'contents') return 'display:none';
    const fromStyle = styleHiding(el);
    if (fromStyle) return fromStyle;
    if ((parseFloat(prop(el, 'font-size')) || 0) < 2) return 'font-size:0';
    natives.selectContents(range, text);
    const fromBoxes = boxHiding(el, Array.from(natives.rangeRects(range)));
    if (fromBoxes) return fromBoxes;
    const colour = parseColour(prop(el, 'color'));
    if (colour && colour.a <= 0.05) return 'colour-matches-background';
    const behind = backgroundBehind(el);
    if (
      colour &&
      behind &&
      Math.abs(colour.r - behind.r) + Math.abs(colour.g - behind.g) + Math.abs(colour.b - behind.b) < 24
    ) {
      return 'colour-matches-background';
    }
    return null;
  };

  /** Why an element with no text of its own (image, frame, empty link) cannot be seen, or null. */
  const elementHiding = (el) => {
    if (natives.rects(el).length === 0) return 'display:none';
    return styleHiding(el) || boxHiding(el, [natives.rect(el)]);
  };

  // Marks the page wrote itself must not pass for ours.
  for (const el of natives.all(document, `[${VIEW}],[${INSERTED}]`)) {
    natives.removeAttr(el, VIEW);
    natives.removeAttr(el, INSERTED);
  }

  /** Element → null (visible) or the first hiding technique seen; visible wins. */
  const verdicts = new Map();
  const note = (el, hiding) => {
    if (!el) return;
    const before = verdicts.get(el);
    if (before === null) return;
    if (hiding === null || before === undefined) verdicts.set(el, hiding);
  };
  const nearest = (el, test) => {
    for (let e = el; e; e = natives.parent(e)) if (test(e)) return e;
    return null;
  };
  let textNodes = 0;
  const walker = natives.treeWalker(document, document.body || root, NodeFilter.SHOW_TEXT);
  for (let node = natives.nextNode(walker); node && textNodes < options.maxTextNodes; node = natives.nextNode(walker)) {
    if (!/\S/.test(node.data)) continue;
    const el = natives.parent(node);
    if (!el || nearest(el, (e) => SKIP_TEXT.has(tag(e)))) continue;
    textNodes += 1;
    const hiding = textHiding(node, el);
    note(
      nearest(el, (e) => BLOCK_TAGS.has(tag(e))),
      hiding,
    );
    note(
      nearest(el, (e) => tag(e) === 'a' && natives.hasAttr(e, 'href')),
      hiding,
    );
  }
  const media = Array.from(natives.all(document, 'a[href], img, iframe, frame, embed, object'));
  for (const el of media) {
    if (verdicts.has(el)) continue;
    // A link without text is seen when an image inside it, or its own box, is.
    note(el, elementHiding(el));
  }

  let hidden = 0;
  let inserted = 0;
  for (const [el, hiding] of verdicts) {
    if (hiding !== null) hidden += 1;
    natives.setAttr(el, VIEW, hiding === null ? 'visible' : hiding);
  }
  for (const el of natives.all(document, '*')) {
    const mark = marks.get(el);
    if (mark) {
      inserted += 1;
      natives.setAttr(el, INSERTED, mark);
    }
  }
  const doctype = document.doctype ? `<!DOCTYPE ${document.doctype.name}>` : '';
  const html = doctype + natives.outerHTML(root);
  for (const el of verdicts.keys()) natives.removeAttr(el, VIEW);
  for (const el of natives.all(document, `[${INSERTED}]`)) natives.removeAttr(el, INSERTED);
  return {
    html: html.length > options.maxHtmlChars ? html.slice(0, options.maxHtmlChars) : html,
    truncated: html.length > options.maxHtmlChars,
    url: String(document.location.href),
    title: String(document.title),
    judged: verdicts.size,
    hidden,
    inserted,
    textNodes,
  };
}
