/**
 * A separate process appending to one ledger: the evidence store test runs several at once to show
 * that concurrent writers never fork the chain. argv: <database url> <pg schema or -> <count> <tag>.
 * Test support only.
 */
import { openDatabase } from '../store/database.ts';
import { EvidenceStore } from './evidence-store.ts';

const [url, schema, count, tag] = process.argv.slice(2);
const handle = openDatabase(url!, schema && schema !== '-' ? { pgSchema: schema } : {});
const store = new EvidenceStore(handle);
try {
  for (let i = 0; i < Number(count); i++) {
    await store.append({
      kind: 'capture',
      recordedAt: Date.now(),
      pageId: 1,
      checkId: i,
      url: `https://example.go.jp/${tag}`,
      observedAt: i,
      refersToSeq: null,
      evidenceSha256: null,
      details: { tag, i },
    });
  }
} finally {
  await handle.db.destroy();
}
