import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, checkLink, entryHashOf, fieldsSha256, sealEntry } from './chain.ts';
import type { LedgerEntry, LedgerFields } from './types.ts';

const fields = (n: number): Omit<LedgerFields, 'seq'> => ({
  kind: 'capture',
  recordedAt: 1_700_000_000_000 + n,
  pageId: 7,
  checkId: n,
  url: 'https://www.example.go.jp/',
  observedAt: 1_700_000_000_000,
  refersToSeq: null,
  evidenceSha256: 'ab'.repeat(32),
  details: `{"n":${n}}`,
});

function chainOf(length: number): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  for (let i = 0; i < length; i++) out.push(sealEntry(out.at(-1) ?? null, fields(i)));
  return out;
}

describe('ledger chain', () => {
  it('starts at 1 from the genesis hash and links each entry to the one before', () => {
    const [a, b] = chainOf(2);
    expect(a).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(b).toMatchObject({ seq: 2, prevHash: a!.entryHash });
    expect(checkLink(null, a!)).toEqual([]);
    expect(checkLink(a!, b!)).toEqual([]);
  });

  it('hashes exactly: sha256(prevHash + sha256(canonical fields))', () => {
    const [a] = chainOf(1);
    const canonical = `{"checkId":0,"details":"{\\"n\\":0}","evidenceSha256":"${'ab'.repeat(32)}","kind":"capture","observedAt":1700000000000,"pageId":7,"recordedAt":1700000000000,"refersToSeq":null,"seq":1,"url":"https://www.example.go.jp/","v":1}`;
    const digest = createHash('sha256').update(canonical).digest('hex');
    expect(fieldsSha256(a!)).toBe(digest);
    expect(a!.entryHash).toBe(
      createHash('sha256')
        .update(GENESIS_HASH + digest)
        .digest('hex'),
    );
  });

  it('notices any changed field, a broken link and a missing entry', () => {
    const [a, b, c] = chainOf(3);
    expect(checkLink(a!, { ...b!, details: '{"n":9}' })).toEqual([{ kind: 'entry-hash', seq: 2 }]);
    expect(checkLink(a!, { ...b!, evidenceSha256: 'ac'.repeat(32) })).toEqual([{ kind: 'entry-hash', seq: 2 }]);
    // Rewritten with a fresh hash of its own: the next entry no longer points at it.
    const forged = { ...b!, details: '{"n":9}' };
    forged.entryHash = entryHashOf(forged.prevHash, forged);
    expect(checkLink(a!, forged)).toEqual([]);
    expect(checkLink(forged, c!)).toEqual([{ kind: 'prev-hash', seq: 3 }]);
    expect(checkLink(a!, c!)).toEqual([{ kind: 'gap', seq: 3, expectedSeq: 2 }]);
  });
});
