import { Tokenizer, type QuoteType, type TokenizerCallbacks } from 'htmlparser2';
import { HtmlTokenizer } from '../html-tokenizer.ts';

/**
 * Records every callback a tokenizer makes, with its offsets, as one line each, so that htmlparser2's
 * `Tokenizer` and ours can be compared on the same document. Whether it is "in foreign content" (which
 * decides whether `<script>` inside `<svg>` is raw text) follows the `svg`/`math` tags it has seen, so
 * both tokenizers are asked the same question at the same point as long as their events agree.
 */
export class TokenizerRecorder implements TokenizerCallbacks {
  readonly events: string[] = [];
  private foreign = 0;

  constructor(private readonly html: string) {}

  isInForeignContext(): boolean {
    return this.foreign > 0;
  }
  ontext(start: number, end: number): void {
    this.events.push(`text ${start} ${end}`);
  }
  ontextentity(cp: number, end: number): void {
    this.events.push(`textentity ${cp} ${end}`);
  }
  onopentagname(start: number, end: number): void {
    this.events.push(`opentagname ${start} ${end}`);
    if (this.isForeignRoot(start, end)) this.foreign += 1;
  }
  onopentagend(end: number): void {
    this.events.push(`opentagend ${end}`);
  }
  onselfclosingtag(end: number): void {
    this.events.push(`selfclosingtag ${end}`);
  }
  onclosetag(start: number, end: number): void {
    this.events.push(`closetag ${start} ${end}`);
    if (this.foreign > 0 && this.isForeignRoot(start, end)) this.foreign -= 1;
  }
  onattribname(start: number, end: number): void {
    this.events.push(`attribname ${start} ${end}`);
  }
  onattribdata(start: number, end: number): void {
    this.events.push(`attribdata ${start} ${end}`);
  }
  onattribentity(cp: number): void {
    this.events.push(`attribentity ${cp}`);
  }
  onattribend(quote: QuoteType, end: number): void {
    this.events.push(`attribend ${quote} ${end}`);
  }
  oncomment(start: number, end: number, offset: number): void {
    this.events.push(`comment ${start} ${end} ${offset}`);
  }
  oncdata(start: number, end: number, offset: number): void {
    this.events.push(`cdata ${start} ${end} ${offset}`);
  }
  ondeclaration(start: number, end: number): void {
    this.events.push(`declaration ${start} ${end}`);
  }
  onprocessinginstruction(start: number, end: number): void {
    this.events.push(`processinginstruction ${start} ${end}`);
  }
  onend(): void {
    this.events.push('end');
  }

  private isForeignRoot(start: number, end: number): boolean {
    const name = this.html.slice(start, end).toLowerCase();
    return name === 'svg' || name === 'math';
  }
}

/** The options both tokenizers take in HTML mode (by default entities are decoded, `/>` is not recognised). */
export interface HtmlTokenizerOptions {
  decodeEntities?: boolean;
  recognizeSelfClosing?: boolean;
}

/** Every callback htmlparser2's tokenizer makes on `html` read whole, in HTML mode. */
export function htmlparser2Events(html: string, options: HtmlTokenizerOptions = {}): string[] {
  const recorder = new TokenizerRecorder(html);
  const tokenizer = new Tokenizer(options, recorder);
  tokenizer.write(html);
  tokenizer.end();
  return recorder.events;
}

/** Every callback our tokenizer makes on `html`. */
export function htmlTokenizerEvents(html: string, options: HtmlTokenizerOptions = {}): string[] {
  const recorder = new TokenizerRecorder(html);
  const { decodeEntities = true, recognizeSelfClosing = false } = options;
  new HtmlTokenizer(recorder, decodeEntities, recognizeSelfClosing).tokenize(html);
  return recorder.events;
}

/** The first event where the two tokenizers differ, with a few around it, or null if none does. */
export function firstDifference(html: string, options: HtmlTokenizerOptions = {}): string | null {
  const theirs = htmlparser2Events(html, options);
  const ours = htmlTokenizerEvents(html, options);
  const length = Math.max(theirs.length, ours.length);
  for (let i = 0; i < length; i++) {
    if (theirs[i] !== ours[i]) {
      const from = Math.max(0, i - 3);
      return `event ${i}: htmlparser2 ${JSON.stringify(theirs.slice(from, i + 2))}, ours ${JSON.stringify(ours.slice(from, i + 2))}`;
    }
  }
  return null;
}
