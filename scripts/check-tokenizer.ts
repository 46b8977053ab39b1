/**
 * check:tokenizer: our HTML tokenizer (src/core/html-tokenizer.ts) against htmlparser2's `Tokenizer`
 * on every distinct HTML body of the corpora, callback for callback with their offsets. Prints each
 * body that differs (at most 20) with its first difference, and exits 1 if any does.
 *
 *   npm run check:tokenizer [-- corpus-dir...]   (default ../shared/corpus/dev and dev2)
 */
import { resolve } from 'node:path';
import { corpusArgs, corpusBodies } from '../bench/lib/corpus-bodies.ts';
import { firstDifference } from '../src/core/testing/tokenizer-recorder.ts';

const root = resolve(import.meta.dirname, '..');
const dirs = corpusArgs(process.argv.slice(2), [
  resolve(root, '../shared/corpus/dev'),
  resolve(root, '../shared/corpus/dev2'),
]);
const bodies = corpusBodies(dirs);
let differing = 0;
let chars = 0;
for (const body of bodies) {
  chars += body.html.length;
  const difference = firstDifference(body.html);
  if (difference === null) continue;
  differing += 1;
  if (differing <= 20) console.log(`${body.file}: ${difference}`);
}
console.log(
  `check:tokenizer: ${bodies.length} bodies (${(chars / 1e6).toFixed(1)} M characters) from ${dirs.join(', ')}: ` +
    `${differing} differ from htmlparser2`,
);
process.exit(differing === 0 ? 0 : 1);
