import type { CharsetSource } from './types.ts';

export interface KnownDecoding {
  charset: string;
  charsetSource: CharsetSource;
}

/**
 * How bodies already seen were decoded, by SHA-256. The same bytes always decode the same way, so an
 * unchanged page (most checks) skips charset detection and decoding altogether. Bounded, least
 * recently used out.
 */
export class DecodeMemo {
  private readonly entries = new Map<string, KnownDecoding>();

  constructor(private readonly capacity = 50_000) {}

  get(sha256: string): KnownDecoding | undefined {
    const known = this.entries.get(sha256);
    if (known !== undefined) {
      // Least recently used goes first: a page checked every minute must not be pushed out by a crawl.
      this.entries.delete(sha256);
      this.entries.set(sha256, known);
    }
    return known;
  }

  set(sha256: string, decoding: KnownDecoding): void {
    if (this.entries.has(sha256)) return;
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(sha256, decoding);
  }
}
