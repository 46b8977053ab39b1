/* global window, document, Node, Element, Document, DocumentFragment, CharacterData, Range, TreeWalker, HTMLElement, MutationObserver, CSSStyleDeclaration, performance */
/*
 * Runs in the page, before any of the page's own scripts (Playwright init script). Plain JavaScript,
 * not TypeScript: it is sent to Chromium as text, and a compiled function would carry the compiler's
 * helpers with it. in-page.ts assembles it with probe.js into one script.
 *
 * It does three things:
 *  - captures the DOM and CSSOM functions the probe reads, before a hostile page can patch them to
 *    lie about what is visible;
 *  - marks nodes inserted by script: every insertion API is wrapped (so insertions while the parser
 *    runs are caught, document.write included), and a MutationObserver marks anything added after
 *    parsing ended, whatever API did it;
 *  - keeps what the settle loop asks about: time since the last DOM change, short timers pending,
 *    a meta refresh about to fire.
 * The result is one frozen, non-enumerable, non-configurable property on window under a random name.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by the script in-page.ts assembles
function mamoriInstrument(config, probe) {
  'use strict';
  if (window.top !== window) return; // only the top document is probed
  const uncurry = (fn) => Function.prototype.call.bind(fn);
  const getter = (proto, name) => uncurry(Object.getOwnPropertyDescriptor(proto, name).get);
  const now = performance.now.bind(performance);
  // Captured before the page runs, as the natives below: a page that patched these could stall the settle wait.
  const NativePromise = Promise;
  const nativeSetTimeout = uncurry(window.setTimeout);
  const styleOf = uncurry(window.getComputedStyle);
  const natives = {
    style: (el) => styleOf(window, el),
    prop: uncurry(CSSStyleDeclaration.prototype.getPropertyValue),
    rect: uncurry(Element.prototype.getBoundingClientRect),
    rects: uncurry(Element.prototype.getClientRects),
    attr: uncurry(Element.prototype.getAttribute),
    hasAttr: uncurry(Element.prototype.hasAttribute),
    all: uncurry(Document.prototype.querySelectorAll),
    allIn: uncurry(Element.prototype.querySelectorAll),
    parent: getter(Node.prototype, 'parentElement'),
    outerHTML: getter(Element.prototype, 'outerHTML'),
    textContent: getter(Node.prototype, 'textContent'),
    setAttr: uncurry(Element.prototype.setAttribute),
    removeAttr: uncurry(Element.prototype.removeAttribute),
    createRange: uncurry(Document.prototype.createRange),
    treeWalker: uncurry(Document.prototype.createTreeWalker),
    nextNode: uncurry(TreeWalker.prototype.nextNode),
    selectContents: uncurry(Range.prototype.selectNodeContents),
    rangeRects: uncurry(Range.prototype.getClientRects),
  };

  /** Node → 'during-parse' | 'after-parse': how a script-inserted node got into the document. */
  const marks = new WeakMap();
  let parsed = document.readyState !== 'loading';
  let loadedAt = null;
  let lastMutation = now();
  let depth = 0;

  const handle = (records, byScript) => {
    for (const record of records) {
      lastMutation = now();
      if (record.type !== 'childList' || !(byScript || parsed)) continue;
      for (const node of record.addedNodes) {
        if (!marks.has(node)) marks.set(node, parsed ? 'after-parse' : 'during-parse');
      }
    }
  };
  const observer = new MutationObserver((records) => handle(records, false));
  const takeRecords = uncurry(MutationObserver.prototype.takeRecords);
  observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });

  // Parsing ends at readyState "interactive", before deferred scripts run: records up to here are the parser's.
  document.addEventListener(
    'readystatechange',
    () => {
      if (!parsed && document.readyState !== 'loading') {
        handle(takeRecords(observer), false);
        parsed = true;
      }
    },
    true,
  );
  window.addEventListener(
    'load',
    () => {
      loadedAt = now();
    },
    true,
  );

  /** Records pending before a script's call are the parser's; those made during it are the script's. */
  const viaScript = (fn, self, args) => {
    if (depth === 0) handle(takeRecords(observer), false);
    depth += 1;
    try {
      return fn.apply(self, args);
    } finally {
      depth -= 1;
      if (depth === 0) handle(takeRecords(observer), true);
    }
  };
  const wrapMethod = (proto, name) => {
    const descriptor = proto && Object.getOwnPropertyDescriptor(proto, name);
    if (!descriptor || typeof descriptor.value !== 'function') return;
    const original = descriptor.value;
    const wrapped = {
      [name](...args) {
        return viaScript(original, this, args);
      },
    }[name];
    Object.defineProperty(proto, name, { ...descriptor, value: wrapped });
  };
  const wrapSetter = (proto, name) => {
    const descriptor = proto && Object.getOwnPropertyDescriptor(proto, name);
    if (!descriptor || typeof descriptor.set !== 'function') return;
    const original = descriptor.set;
    Object.defineProperty(proto, name, {
      ...descriptor,
      set(value) {
        viaScript(original, this, [value]);
      },
    });
  };
  for (const name of ['appendChild', 'insertBefore', 'replaceChild']) wrapMethod(Node.prototype, name);
  for (const name of [
    'append',
    'prepend',
    'before',
    'after',
    'replaceWith',
    'replaceChildren',
    'insertAdjacentElement',
    'insertAdjacentHTML',
    'insertAdjacentText',
    'setHTMLUnsafe',
  ])
    wrapMethod(Element.prototype, name);
  for (const name of ['write', 'writeln', 'append', 'prepend', 'replaceChildren']) wrapMethod(Document.prototype, name);
  for (const name of ['append', 'prepend', 'replaceChildren']) wrapMethod(DocumentFragment.prototype, name);
  for (const name of ['before', 'after', 'replaceWith']) wrapMethod(CharacterData.prototype, name);
  for (const name of ['insertNode', 'surroundContents']) wrapMethod(Range.prototype, name);
  for (const name of ['innerHTML', 'outerHTML']) wrapSetter(Element.prototype, name);
  for (const name of ['innerText', 'outerText']) wrapSetter(HTMLElement.prototype, name);
  wrapSetter(Node.prototype, 'textContent');

  // Short timers still to fire: a script redirect or a late insertion may be waiting on one.
  const pendingTimers = new Set();
  const originalSetTimeout = window.setTimeout;
  const originalClearTimeout = window.clearTimeout;
  window.setTimeout = function setTimeout(handler, delay, ...args) {
    if (typeof handler !== 'function' || (Number(delay) || 0) > config.shortTimerMs) {
      return originalSetTimeout.call(window, handler, delay, ...args);
    }
    const id = originalSetTimeout.call(
      window,
      (...callArgs) => {
        pendingTimers.delete(id);
        handler.apply(window, callArgs);
      },
      delay,
      ...args,
    );
    pendingTimers.add(id);
    return id;
  };
  window.clearTimeout = function clearTimeout(id) {
    pendingTimers.delete(id);
    return originalClearTimeout.call(window, id);
  };

  const metaRefreshPending = () => {
    for (const meta of natives.all(document, 'meta[http-equiv]')) {
      if (String(natives.attr(meta, 'http-equiv')).toLowerCase() !== 'refresh') continue;
      const delay = parseFloat(String(natives.attr(meta, 'content') || '0')) || 0;
      if (delay * 1000 > config.shortTimerMs) continue;
      // Chromium starts the refresh timer once the document has loaded.
      if (loadedAt === null || now() - loadedAt < delay * 1000 + 250) return true;
    }
    return false;
  };

  const settleState = () => ({
    readyState: document.readyState,
    loaded: loadedAt !== null,
    quietForMs: now() - lastMutation,
    pendingTimers: pendingTimers.size,
    metaRefreshPending: metaRefreshPending(),
  });

  /**
   * Whether the document has loaded and been quiet (no DOM change, no short timer, no meta refresh
   * due) for quietMs, with the state that says so: at once when it is, else once it is or after
   * maxWaitMs. The settle loop makes one call and waits, rather than asking every 25 ms: each
   * question is a round trip through three processes.
   */
  const whenQuiet = (quietMs, maxWaitMs) =>
    new NativePromise((resolve) => {
      const until = now() + maxWaitMs;
      const check = () => {
        const state = settleState();
        const quiet =
          state.loaded && state.quietForMs >= quietMs && state.pendingTimers === 0 && !state.metaRefreshPending;
        if (quiet || now() >= until) resolve({ ...state, quiet });
        else nativeSetTimeout(window, check, 25);
      };
      check();
    });

  /**
   * Viewport boxes of the elements at these paths (a page's learnt churning regions), so the pixel diff
   * can mask them. Natives again: a page that patched querySelectorAll could otherwise mask its own
   * defacement. A path that is not a valid selector matches nothing.
   */
  const regionBoxes = (selectors, max) => {
    const boxes = [];
    for (const selector of selectors) {
      let found;
      try {
        found = natives.all(document, selector);
      } catch {
        continue;
      }
      for (const el of found) {
        const r = natives.rect(el);
        if (r.width >= 1 && r.height >= 1) boxes.push({ x: r.left, y: r.top, width: r.width, height: r.height });
        if (boxes.length >= max) return boxes;
      }
    }
    return boxes;
  };

  const api = Object.freeze({
    whenQuiet,
    regionBoxes,
    probe: (options) => {
      handle(takeRecords(observer), false);
      return probe(natives, marks, options);
    },
  });
  Object.defineProperty(window, config.globalName, {
    value: api,
    enumerable: false,
    configurable: false,
    writable: false,
  });
}
