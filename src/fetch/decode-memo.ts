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
  /** Each entry keeps the key it was first stored under (see `get`). */
  private readonly entries = new Map<string, KnownDecoding & { readonly key: string }>();

  constructor(private readonly capacity = 50_000) {}

  get(sha256: string): KnownDecoding | undefined {
    const known = this.entries.get(sha256);
    if (known !== undefined) {
      // Least recently used goes first: a page checked every minute must not be pushed out by a crawl.
      // Re-inserted under the key first stored, not the caller's equal string: a check's own hash
      // would otherwise stay in the map, one string per check moved to the old generation.
      this.entries.delete(known.key);
      this.entries.set(known.key, known);
    }
    return known;
  }

  set(sha256: string, decoding: KnownDecoding): void {
    if (this.entries.has(sha256)) return;
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(sha256, { charset: decoding.charset, charsetSource: decoding.charsetSource, key: sha256 });
  }
}
