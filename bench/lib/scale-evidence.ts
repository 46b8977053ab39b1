import type pg from 'pg';
import { FsBlobStore } from '../../src/store/blob-store.ts';
import { fileBytes } from './scale-stores.ts';

/**
 * Evidence bytes per check, by what the check saw, over the checks with ids in (fromId, toId]: the
 * ledger row and file-index rows of each check (their column bytes) plus the files it wrote first (a
 * file whose hash an earlier entry already wrote costs nothing again: the store is content-addressed).
 * A tampered check is a "repeat" when the page's previous check was tampered too.
 */

export type CheckClass = 'unchanged' | 'changed' | 'tampered-first' | 'tampered-repeat' | 'other';

export interface ClassCost {
  checks: number;
  bytes: number;
}

export async function evidenceBytesByClass(
  client: pg.Client,
  evidenceDir: string,
  fromId: number,
  toId: number,
): Promise<Record<CheckClass, ClassCost>> {
  const costs: Record<CheckClass, ClassCost> = {
    unchanged: { checks: 0, bytes: 0 },
    changed: { checks: 0, bytes: 0 },
    'tampered-first': { checks: 0, bytes: 0 },
    'tampered-repeat': { checks: 0, bytes: 0 },
    other: { checks: 0, bytes: 0 },
  };
  const checks = await client.query<{ id: string; verdict: string; prev: string | null }>(
    `select id, verdict, prev from (
       select id, verdict, lag(verdict) over (partition by page_id order by id) as prev from checks
     ) c where id > $1 and id <= $2`,
    [fromId, toId],
  );
  const classOf = new Map<number, CheckClass>();
  for (const c of checks.rows) {
    const cls = classify(c.verdict, c.prev);
    classOf.set(Number(c.id), cls);
    costs[cls].checks += 1;
  }
  const ledger = await client.query<{ check_id: string; bytes: string }>(
    `select check_id, sum(length(kind) + length(details) + length(prev_hash) + length(entry_hash)
              + coalesce(length(url), 0) + coalesce(length(evidence_sha256), 0) + 6 * 8) as bytes
       from evidence_ledger where check_id > $1 and check_id <= $2 group by check_id`,
    [fromId, toId],
  );
  for (const l of ledger.rows) add(costs, classOf.get(Number(l.check_id)), Number(l.bytes));
  const files = await client.query<{ check_id: string; sha256: string; row_bytes: string; first: boolean }>(
    `select l.check_id, f.sha256, length(f.sha256) + length(f.role) + 8 as row_bytes,
            not exists (select 1 from evidence_files e where e.sha256 = f.sha256 and e.ledger_seq < f.ledger_seq) as first
       from evidence_files f join evidence_ledger l on l.seq = f.ledger_seq
      where l.check_id > $1 and l.check_id <= $2`,
    [fromId, toId],
  );
  const blobs = new FsBlobStore(evidenceDir);
  for (const f of files.rows) {
    const written = f.first ? await fileBytes(blobs.pathOf(f.sha256)) : 0;
    add(costs, classOf.get(Number(f.check_id)), Number(f.row_bytes) + written);
  }
  return costs;
}

function classify(verdict: string, prev: string | null): CheckClass {
  if (verdict === 'unchanged' || verdict === 'changed') return verdict;
  if (verdict === 'tampered') return prev === 'tampered' ? 'tampered-repeat' : 'tampered-first';
  return 'other';
}

function add(costs: Record<CheckClass, ClassCost>, cls: CheckClass | undefined, bytes: number): void {
  if (cls !== undefined) costs[cls].bytes += bytes;
}
