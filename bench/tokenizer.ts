/**
 * bench:tokenizer: htmlparser2's `Tokenizer` against ours (src/core/html-tokenizer.ts) on every
 * distinct HTML body of the corpora, in one process, interleaved (htmlparser2, ours, htmlparser2,
 * ours...) so that a host that slows down mid-run slows both alike. Both drive the same callbacks,
 * which do nothing: this is the tokenizer alone, without tree construction or analysis. Prints each
 * round, the fastest round of each side in ms per 100 KB and the ratio ours/htmlparser2, then one
 * JSON line.
 *
 *   npm run bench:tokenizer [-- --rounds 5] [corpus-dir...]   (default ../shared/corpus/dev and dev2)
 */
import { resolve } from 'node:path';
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { HtmlTokenizer } from '../src/core/html-tokenizer.ts';
import { numberFlag } from './lib/args.ts';
import { corpusArgs, corpusBodies } from './lib/corpus-bodies.ts';
import { fmt } from './lib/measure.ts';

const argv = process.argv.slice(2);
const rounds = numberFlag(argv, 'rounds', 5);
const root = resolve(import.meta.dirname, '..');
const dirs = corpusArgs(argv, [resolve(root, '../shared/corpus/dev'), resolve(root, '../shared/corpus/dev2')]);
const bodies = corpusBodies(dirs).map((b) => b.html);
const bytes = bodies.reduce((sum, html) => sum + Buffer.byteLength(html), 0);

/** Callbacks that do nothing but count, so neither side's events can be optimised away. */
class Counter implements TokenizerCallbacks {
  events = 0;
  isInForeignContext(): boolean {
    return false;
  }
  ontext(): void {
    this.events++;
  }
  ontextentity(): void {
    this.events++;
  }
  onopentagname(): void {
    this.events++;
  }
  onopentagend(): void {
    this.events++;
  }
  onselfclosingtag(): void {
    this.events++;
  }
  onclosetag(): void {
    this.events++;
  }
  onattribname(): void {
    this.events++;
  }
  onattribdata(): void {
    this.events++;
  }
  onattribentity(): void {
    this.events++;
  }
  onattribend(): void {
    this.events++;
  }
  oncomment(): void {
    this.events++;
  }
  oncdata(): void {
    this.events++;
  }
  ondeclaration(): void {
    this.events++;
  }
  onprocessinginstruction(): void {
    this.events++;
  }
  onend(): void {
    this.events++;
  }
}

const sides = {
  htmlparser2: (html: string, cbs: Counter): void => {
    const tokenizer = new Tokenizer({}, cbs);
    tokenizer.write(html);
    tokenizer.end();
  },
  ours: (html: string, cbs: Counter): void => new HtmlTokenizer(cbs).tokenize(html),
};
type Side = keyof typeof sides;

function run(side: Side): { ms: number; events: number } {
  const cbs = new Counter();
  const tokenize = sides[side];
  const start = process.hrtime.bigint();
  for (const html of bodies) tokenize(html, cbs);
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, events: cbs.events };
}

const per100KB = (ms: number): number => (ms * 102_400) / bytes;
console.log(`bench:tokenizer: ${bodies.length} bodies, ${fmt(bytes / 1e6, 1)} MB, from ${dirs.join(', ')}`);
// One untimed pass each, so that both are compiled by the optimising tier before the clock starts.
run('htmlparser2');
run('ours');
const best: Record<Side, number> = { htmlparser2: Infinity, ours: Infinity };
console.log('round  side         ms per 100 KB   events');
for (let r = 1; r <= rounds; r++)
  for (const side of ['htmlparser2', 'ours'] as const) {
    const { ms, events } = run(side);
    best[side] = Math.min(best[side], per100KB(ms));
    console.log(`${String(r).padStart(5)}  ${side.padEnd(12)} ${fmt(per100KB(ms), 3).padStart(13)}   ${events}`);
  }
const ratio = best.ours / best.htmlparser2;
console.log(
  `fastest round: htmlparser2 ${fmt(best.htmlparser2, 3)} ms, ours ${fmt(best.ours, 3)} ms per 100 KB; ` +
    `ours/htmlparser2 ${fmt(ratio, 3)}`,
);
console.log(
  JSON.stringify({
    bench: 'tokenizer',
    bodies: bodies.length,
    bytes,
    rounds,
    htmlparser2MsPer100KB: Number(best.htmlparser2.toFixed(4)),
    oursMsPer100KB: Number(best.ours.toFixed(4)),
    ratio: Number(ratio.toFixed(4)),
  }),
);
