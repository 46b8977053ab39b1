/** Vantage reports on SQLite and a real PostgreSQL, feeding the alarm confirmation rule. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmAlarm } from '../core/vantage.ts';
import { onBothDatabases, testEnv, type TestDatabase } from '../store/both-databases.ts';
import { VantageReportStore } from './vantage-report-store.ts';

const T0 = 1_760_000_000_000;

await onBothDatabases('vantage reports', testEnv(process.env), (backend, open) => {
  describe(`vantage reports (${backend})`, () => {
    let db: TestDatabase;
    let reports: VantageReportStore;
    let pageId: number;
    beforeEach(async () => {
      db = await open();
      await db.store.migrate();
      reports = new VantageReportStore(db.handle);
      const org = await db.store.upsertOrganisation({ slug: 'city', name: 'City' }, T0);
      const site = await db.store.upsertSite({ organisationId: org.id, origin: 'https://www.city.example' }, T0);
      pageId = (await db.store.addPage({ siteId: site.id, url: 'https://www.city.example/', source: 'declared' }, T0))
        .page.id;
    });
    afterEach(async () => db.cleanup());

    it('keeps each vantage’s latest report; an older one arriving late does not replace it', async () => {
      await reports.record(pageId, { vantage: 'osaka', verdict: 'down', bodySha256: null }, T0 + 2000);
      await reports.record(pageId, { vantage: 'osaka', verdict: 'unchanged', bodySha256: 'a'.repeat(64) }, T0 + 1000);
      await reports.record(pageId, { vantage: 'tokyo', verdict: 'unchanged', bodySha256: 'b'.repeat(64) }, T0 + 500);
      expect(await reports.latest(pageId, T0)).toEqual([
        { vantage: 'osaka', verdict: 'down', bodySha256: null },
        { vantage: 'tokyo', verdict: 'unchanged', bodySha256: 'b'.repeat(64) },
      ]);
      expect((await reports.latest(pageId, T0 + 1000)).map((r) => r.vantage)).toEqual(['osaka']);
      await reports.record(pageId, { vantage: 'osaka', verdict: 'changed', bodySha256: 'c'.repeat(64) }, T0 + 3000);
      expect((await reports.latest(pageId, T0 + 2500))[0]?.verdict).toBe('changed');
    });

    it('feeds the confirmation: a second vantage seeing the page down confirms the first', async () => {
      const first = { vantage: 'local', verdict: 'down' as const, bodySha256: null };
      await reports.record(pageId, { vantage: 'osaka', verdict: 'down', bodySha256: null }, T0 + 10);
      const others = await reports.latest(pageId, T0);
      expect(confirmAlarm(first, others, ['local', 'osaka'], 'any').decision).toBe('confirmed');
      await reports.record(pageId, { vantage: 'osaka', verdict: 'unchanged', bodySha256: 'a'.repeat(64) }, T0 + 20);
      expect(confirmAlarm(first, await reports.latest(pageId, T0), ['local', 'osaka'], 'any').decision).toBe('refuted');
    });

    it('removes a page’s reports with the page', async () => {
      await reports.record(pageId, { vantage: 'osaka', verdict: 'down', bodySha256: null }, T0);
      await db.exec(`DELETE FROM pages WHERE id = ${pageId}`);
      expect(await reports.latest(pageId, 0)).toEqual([]);
    });
  });
});
