/**
 * Case work (notes, assignee) on SQLite and a real PostgreSQL: notes keep their order, author and
 * time; one assignee per incident, replaced or cleared; both go with their incident.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  onBothDatabases,
  testEnv,
  type Backend,
  type OpenTestDatabase,
  type TestDatabase,
} from '../store/both-databases.ts';
import type { CheckEvent } from '../pipeline/check-event.ts';
import { CaseStore } from './case-store.ts';
import { IncidentService } from './incident-service.ts';
import { IncidentStore } from './incident-store.ts';

const T0 = 1_760_000_000_000;

function runSuite(backend: Backend, open: OpenTestDatabase): void {
  describe(`case work: ${backend}`, () => {
    let fx: TestDatabase;
    let cases: CaseStore;
    let incidentIds: number[];

    beforeEach(async () => {
      fx = await open();
      await fx.store.migrate();
      const incidents = new IncidentStore(fx.handle);
      cases = new CaseStore(fx.handle);
      const service = new IncidentService({
        incidents,
        store: fx.store,
        routing: { routes: [], maintenance: [] },
        restoreAfterChecks: 2,
        campaignWindowMs: 3_600_000,
        log: pino({ level: 'silent' }),
      });
      const org = await fx.store.upsertOrganisation({ slug: 'city', name: '市役所' }, T0);
      const site = await fx.store.upsertSite(
        { organisationId: org.id, origin: 'https://www.city.example.lg.jp', name: 'City' },
        T0,
      );
      const { page } = await fx.store.addPage(
        { siteId: site.id, url: 'https://www.city.example.lg.jp/', source: 'declared' },
        T0,
      );
      const check = await fx.store.recordCheck(
        {
          pageId: page.id,
          startedAt: T0,
          durationMs: 5,
          outcome: 'ok',
          httpStatus: 200,
          redirects: [],
          headers: {},
          bodyBytes: 10,
          bodySha256: null,
          bodyKept: false,
          charset: 'utf-8',
          remoteAddress: null,
          verdict: 'tampered',
          reasons: [{ code: 'defacer-headline', message: 'Hacked', severity: 'high', evidence: { snippet: 'Hacked' } }],
        },
        { status: 'tampered', lastBodySha256: null },
      );
      await service.onCheck({ page, site, check, previousStatus: 'unchanged' } as unknown as CheckEvent);
      incidentIds = (await incidents.list({ limit: 10 })).map((i) => i.id);
    });
    afterEach(async () => fx.cleanup());

    it('appends notes per incident, oldest first, with author and time', async () => {
      const [first, second] = incidentIds as [number, number];
      const note = await cases.addNote(first, '調査開始', 'aoki', T0 + 1);
      await cases.addNote(first, 'CMS の管理画面を確認', 'sato', T0 + 2);
      await cases.addNote(second, 'other', 'aoki', T0 + 3);
      expect(note).toEqual({ id: note.id, incidentId: first, body: '調査開始', author: 'aoki', createdAt: T0 + 1 });
      const { notes, assignee } = await cases.caseOf(first);
      expect(notes.map((n) => [n.body, n.author, n.createdAt])).toEqual([
        ['調査開始', 'aoki', T0 + 1],
        ['CMS の管理画面を確認', 'sato', T0 + 2],
      ]);
      expect(assignee).toBeNull();
    });

    it('keeps one assignee per incident, replaced or cleared', async () => {
      const id = incidentIds[0]!;
      await cases.assign(id, 'sato', 'aoki', T0 + 1);
      await cases.assign(id, 'suzuki', 'aoki', T0 + 2);
      expect((await cases.caseOf(id)).assignee).toEqual({ assignee: 'suzuki', assignedBy: 'aoki', assignedAt: T0 + 2 });
      expect((await cases.caseOf(incidentIds[1]!)).assignee).toBeNull();
      expect(await cases.assign(id, null, 'aoki', T0 + 3)).toBeNull();
      expect((await cases.caseOf(id)).assignee).toBeNull();
    });
  });
}

await onBothDatabases('case work', testEnv(process.env), runSuite);
