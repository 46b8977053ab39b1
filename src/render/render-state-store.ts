/**
 * Each page's rendered-view state (table render_states, migration 0004): the baseline learnt from
 * what Chromium showed, when the page was last rendered, its latest verdict and screenshots. Over the
 * shared Kysely handle, so it works on SQLite and PostgreSQL alike.
 */
import type { Baseline } from '../core/baseline.ts';
import type { Reason, VerdictKind } from '../core/verdict.ts';
import { Repository } from '../store/repository.ts';
import type { RenderTables, RenderStatesTable } from './tables.ts';

export interface RenderState {
  pageId: number;
  baseline: Baseline | null;
  renderedAt: number;
  verdict: VerdictKind;
  reasons: Reason[];
  /** An alarming rendered verdict that no check has reported yet. */
  pending: boolean;
  viewportSha256: string | null;
  fullPageSha256: string | null;
  /** The serialised DOM after scripts (UTF-8), in the blob store. */
  domSha256: string | null;
  /** The diff image against the baseline screenshot, when it changed. */
  diffSha256: string | null;
  /**
   * The viewport screenshot renders are compared with: the last one whose verdict was not alarming.
   * A defaced page keeps the picture of the page as it should look (migration 0011).
   */
  baselineViewportSha256: string | null;
}

export class RenderStateStore extends Repository<RenderTables> {
  get(pageId: number): Promise<RenderState | null> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('render_states')
        .selectAll()
        .where('page_id', '=', pageId)
        .executeTakeFirst();
      if (!row) return null;
      return {
        pageId: Number(row.page_id),
        baseline: row.baseline === null ? null : (JSON.parse(row.baseline) as Baseline),
        renderedAt: Number(row.rendered_at),
        verdict: row.verdict as VerdictKind,
        reasons: JSON.parse(row.reasons) as Reason[],
        pending: Number(row.pending) === 1,
        viewportSha256: row.viewport_sha256,
        fullPageSha256: row.full_page_sha256,
        domSha256: row.dom_sha256,
        diffSha256: row.diff_sha256,
        baselineViewportSha256: row.baseline_viewport_sha256,
      };
    });
  }

  /**
   * Every artefact a render state still names: what the artefact sweep must keep. One scan, run
   * hourly. That includes the baseline screenshot its visual-change reason points at, which the
   * console shows beside the current one for as long as the state stands.
   */
  referencedArtefacts(): Promise<Set<string>> {
    return this.run(async () => {
      const rows = await this.db
        .selectFrom('render_states')
        .select([
          'viewport_sha256',
          'full_page_sha256',
          'dom_sha256',
          'diff_sha256',
          'baseline_viewport_sha256',
          'reasons',
        ])
        .execute();
      const names = new Set<string>();
      for (const row of rows) {
        for (const sha of [
          row.viewport_sha256,
          row.full_page_sha256,
          row.dom_sha256,
          row.diff_sha256,
          row.baseline_viewport_sha256,
        ])
          if (sha !== null) names.add(sha);
        for (const reason of JSON.parse(row.reasons) as Reason[]) {
          if (reason.code === 'visual-change')
            for (const sha of reason.evidence?.snippet?.match(/[0-9a-f]{64}/g) ?? []) names.add(sha);
        }
      }
      return names;
    });
  }

  /**
   * The pages whose render state names this artefact: as a screenshot, DOM or diff image, or as the
   * baseline screenshot its visual-change reason points at. The console serves an artefact only to
   * callers who may see one of these pages.
   */
  pagesNaming(sha256: string): Promise<number[]> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return Promise.resolve([]);
    return this.run(async () => {
      const rows = await this.db
        .selectFrom('render_states')
        .select('page_id')
        .where((eb) =>
          eb.or([
            eb('viewport_sha256', '=', sha256),
            eb('full_page_sha256', '=', sha256),
            eb('diff_sha256', '=', sha256),
            eb('dom_sha256', '=', sha256),
            eb('baseline_viewport_sha256', '=', sha256),
            // A hex digest has no LIKE wildcards in it.
            eb('reasons', 'like', `%${sha256}%`),
          ]),
        )
        .execute();
      return rows.map((r) => Number(r.page_id));
    });
  }

  /**
   * Only what decides whether this check renders or reports: when the page was last rendered and
   * whether an alarming verdict is waiting. Every check asks, so the baseline is not read or parsed.
   */
  schedule(pageId: number): Promise<{ renderedAt: number; pending: boolean } | null> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('render_states')
        .select(['rendered_at', 'pending'])
        .where('page_id', '=', pageId)
        .executeTakeFirst();
      return row ? { renderedAt: Number(row.rendered_at), pending: Number(row.pending) === 1 } : null;
    });
  }

  put(state: RenderState): Promise<void> {
    return this.run(async () => {
      const row: RenderStatesTable = {
        page_id: state.pageId,
        baseline: state.baseline === null ? null : JSON.stringify(state.baseline),
        rendered_at: state.renderedAt,
        verdict: state.verdict,
        reasons: JSON.stringify(state.reasons),
        pending: state.pending ? 1 : 0,
        viewport_sha256: state.viewportSha256,
        full_page_sha256: state.fullPageSha256,
        dom_sha256: state.domSha256,
        diff_sha256: state.diffSha256,
        baseline_viewport_sha256: state.baselineViewportSha256,
      };
      await this.db
        .insertInto('render_states')
        .values(row)
        .onConflict((oc) =>
          oc.column('page_id').doUpdateSet({
            baseline: row.baseline,
            rendered_at: row.rendered_at,
            verdict: row.verdict,
            reasons: row.reasons,
            pending: row.pending,
            viewport_sha256: row.viewport_sha256,
            full_page_sha256: row.full_page_sha256,
            dom_sha256: row.dom_sha256,
            diff_sha256: row.diff_sha256,
            baseline_viewport_sha256: row.baseline_viewport_sha256,
          }),
        )
        .execute();
    });
  }
}
