/**
 * verify's check of the page bodies: every body a check row says is kept must exist and hash to its
 * name (the console's diff and the capture origin serve these bytes). Each distinct body is hashed
 * once, however many checks of an unchanged page name it. Blobs no check row keeps are listed as
 * information only: retention removes them after a grace period, so finding some is normal.
 */
import type { Kysely } from 'kysely';
import type { FsBlobStore } from '../store/blob-store.ts';
import type { Database } from '../store/database.ts';

export type BodyProblemKind = 'missing' | 'corrupted' | 'unreadable';

export interface BodyProblem {
  kind: 'body';
  seq: null;
  problem: BodyProblemKind;
  sha256: string;
  /** The first check that names it, and how many do. */
  checkId: number;
  checks: number;
  path: string;
  message: string;
}

export interface BodyNote {
  kind: 'orphan-body';
  sha256: string;
  path: string;
  message: string;
}

export interface BodyReport {
  bodiesChecked: number;
  bytesChecked: number;
  problems: BodyProblem[];
  notes: BodyNote[];
}

const PAGE = 2000;

async function keptBodies(db: Kysely<Database>): Promise<Map<string, { checkId: number; checks: number }>> {
  const named = new Map<string, { checkId: number; checks: number }>();
  for (let after = 0; ;) {
    const rows = await db
      .selectFrom('checks')
      .select(['id', 'body_sha256'])
      .where('id', '>', after)
      .where('body_kept', '=', 1)
      .where('body_sha256', 'is not', null)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const sha = row.body_sha256!;
      const seen = named.get(sha);
      if (seen) seen.checks++;
      else named.set(sha, { checkId: Number(row.id), checks: 1 });
    }
    after = Number(rows[rows.length - 1]!.id);
  }
  return named;
}

function describe(problem: BodyProblemKind, detail: string): string {
  return problem === 'missing'
    ? 'is missing'
    : problem === 'corrupted'
      ? `is corrupted: its SHA-256 is ${detail}`
      : `cannot be read (${detail})`;
}

export async function verifyBodies(db: Kysely<Database>, bodies: FsBlobStore): Promise<BodyReport> {
  const report: BodyReport = { bodiesChecked: 0, bytesChecked: 0, problems: [], notes: [] };
  const named = await keptBodies(db);
  for (const [sha256, { checkId, checks }] of named) {
    if (!/^[0-9a-f]{64}$/.test(sha256)) {
      report.problems.push({
        kind: 'body',
        seq: null,
        problem: 'unreadable',
        sha256,
        checkId,
        checks,
        path: '',
        message: `check #${checkId} names a body by an invalid hash ${JSON.stringify(sha256.slice(0, 80))}`,
      });
      continue;
    }
    const state = await bodies.verify(sha256);
    report.bodiesChecked++;
    report.bytesChecked += state.bytes;
    if (state.state === 'ok') continue;
    const path = bodies.pathOf(sha256);
    const detail = state.state === 'corrupted' ? state.actual : state.state === 'unreadable' ? state.detail : '';
    const others = checks > 1 ? ` (and ${checks - 1} later check(s) with the same body)` : '';
    report.problems.push({
      kind: 'body',
      seq: null,
      problem: state.state,
      sha256,
      checkId,
      checks,
      path,
      message: `page body of check #${checkId}${others} (${path}) ${describe(state.state, detail)}`,
    });
  }
  for await (const sha256 of bodies.ids()) {
    if (named.has(sha256)) continue;
    const path = bodies.pathOf(sha256);
    report.notes.push({
      kind: 'orphan-body',
      sha256,
      path,
      message: `${path} is kept by no check (retention removes such bodies after a grace period)`,
    });
  }
  return report;
}
