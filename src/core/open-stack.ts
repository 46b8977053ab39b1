/**
 * The parser's stack of open element names, run-length encoded: a hostile page nests millions of the
 * same element, and a runs array stays small where an entry per element made the garbage collector
 * the largest cost of parsing. Every operation is O(1) except `above`, which walks runs from the top.
 */
export class OpenStack {
  private readonly names: string[] = [];
  private readonly counts: number[] = [];
  private readonly open = new Map<string, number>();
  size = 0;

  push(name: string): void {
    const last = this.names.length - 1;
    if (last >= 0 && this.names[last] === name) this.counts[last] = (this.counts[last] as number) + 1;
    else {
      this.names.push(name);
      this.counts.push(1);
    }
    this.open.set(name, (this.open.get(name) ?? 0) + 1);
    this.size += 1;
  }

  /** Remove and return the innermost name (undefined when empty). */
  pop(): string | undefined {
    const last = this.names.length - 1;
    if (last < 0) return undefined;
    const name = this.names[last] as string;
    const count = (this.counts[last] as number) - 1;
    if (count === 0) {
      this.names.pop();
      this.counts.pop();
    } else this.counts[last] = count;
    this.open.set(name, (this.open.get(name) ?? 1) - 1);
    this.size -= 1;
    return name;
  }

  top(): string | undefined {
    return this.names[this.names.length - 1];
  }

  has(name: string): boolean {
    return (this.open.get(name) ?? 0) > 0;
  }

  /**
   * How many open elements are inside the innermost open `name`, or -1 when none is open. The caller
   * pops them all, so the runs walked here are paid for by those pops.
   */
  above(name: string): number {
    if (!this.has(name)) return -1;
    let n = 0;
    for (let i = this.names.length - 1; i >= 0; i--) {
      if (this.names[i] === name) return n;
      n += this.counts[i] as number;
    }
    return -1;
  }

  /** Each open name, innermost first. */
  forEachInnermostFirst(visit: (name: string) => void): void {
    for (let i = this.names.length - 1; i >= 0; i--) {
      const name = this.names[i] as string;
      for (let k = this.counts[i] as number; k > 0; k--) visit(name);
    }
  }
}
