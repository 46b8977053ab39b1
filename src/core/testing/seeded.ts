/** Seeded random input for tests that compare a fast path with the plain code it replaces. */

/** A seeded linear congruential generator: the same values on every run. */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
}

/** A string of up to `maxLength` pieces drawn from `pieces`, by `next`. */
export function randomText(next: () => number, pieces: readonly string[], maxLength: number): string {
  const n = (next() >>> 8) % (maxLength + 1);
  let out = '';
  for (let i = 0; i < n; i++) out += pieces[(next() >>> 8) % pieces.length] ?? '';
  return out;
}
