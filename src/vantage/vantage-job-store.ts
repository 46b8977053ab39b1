/**
 * Confirmation jobs for remote vantages and their leases (table vantage_jobs, migration 0021). A job
 * asks one vantage to look at one page; a probe leases it for a while, and a lease that lapses puts
 * the job back in the pool, so a dead probe's jobs go to the next one that asks.
 */
import { randomBytes } from 'node:crypto';
import { Repository } from '../store/repository.ts';
import type { VantageJobTables } from './tables.ts';

export interface LeasedJob {
  leaseId: string;
  jobId: number;
  pageId: number;
  expiresAt: number;
}

export class VantageJobStore extends Repository<VantageJobTables> {
  /** Asks each vantage to look at the page, unless it already has an open job for it. Returns the vantages asked anew. */
  request(pageId: number, vantages: readonly string[], at: number): Promise<string[]> {
    return this.run(async () => {
      if (vantages.length === 0) return [];
      const open = await this.db
        .selectFrom('vantage_jobs')
        .select('vantage')
        .where('page_id', '=', pageId)
        .where('vantage', 'in', [...vantages])
        .where('done_at', 'is', null)
        .execute();
      const have = new Set(open.map((r) => r.vantage));
      const fresh = vantages.filter((v) => !have.has(v));
      if (fresh.length > 0)
        await this.db
          .insertInto('vantage_jobs')
          .values(fresh.map((vantage) => ({ page_id: pageId, vantage, requested_at: at })))
          .execute();
      return fresh;
    });
  }

  /** Leases up to `max` open jobs of the vantage that no live lease holds, to the token, until `now + ttlMs`. */
  lease(vantage: string, tokenId: number, max: number, now: number, ttlMs: number): Promise<LeasedJob[]> {
    return this.run(async () => {
      const free = await this.db
        .selectFrom('vantage_jobs')
        .select(['id', 'page_id'])
        .where('vantage', '=', vantage)
        .where('done_at', 'is', null)
        .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', now)]))
        .orderBy('id')
        .limit(max)
        .execute();
      const leased: LeasedJob[] = [];
      for (const job of free) {
        const leaseId = `lease_${randomBytes(18).toString('base64url')}`;
        const expiresAt = now + ttlMs;
        // Taken only if still free: two probes of one vantage asking at once never share a job.
        const taken = await this.db
          .updateTable('vantage_jobs')
          .set({ lease_id: leaseId, token_id: tokenId, leased_until: expiresAt })
          .where('id', '=', job.id)
          .where('done_at', 'is', null)
          .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', now)]))
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) === 1)
          leased.push({ leaseId, jobId: Number(job.id), pageId: Number(job.page_id), expiresAt });
      }
      return leased;
    });
  }

  /**
   * Closes the job a live lease of this token holds and gives its page and vantage; null for a lease
   * that is unknown, lapsed, already reported or another token's (the report is refused).
   */
  complete(leaseId: string, tokenId: number, now: number): Promise<{ pageId: number; vantage: string } | null> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('vantage_jobs')
        .select(['id', 'page_id', 'vantage'])
        .where('lease_id', '=', leaseId)
        .where('token_id', '=', tokenId)
        .where('done_at', 'is', null)
        .where('leased_until', '>=', now)
        .executeTakeFirst();
      if (!row) return null;
      const done = await this.db
        .updateTable('vantage_jobs')
        .set({ done_at: now })
        .where('id', '=', row.id)
        .where('done_at', 'is', null)
        .executeTakeFirst();
      return Number(done.numUpdatedRows) === 1 ? { pageId: Number(row.page_id), vantage: row.vantage } : null;
    });
  }

  /** Whether the vantage has a job no live lease holds (the long poll's question). */
  async hasFree(vantage: string, now: number): Promise<boolean> {
    return this.run(async () => {
      const row = await this.db
        .selectFrom('vantage_jobs')
        .select('id')
        .where('vantage', '=', vantage)
        .where('done_at', 'is', null)
        .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', now)]))
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    });
  }
}
