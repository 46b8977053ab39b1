/**
 * The render state store's artefact names on SQLite and a real PostgreSQL (required under CI): the
 * sweep keeps exactly what the states still name.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onBothDatabases, testEnv, type OpenTestDatabase } from '../store/both-databases.ts';
import { RenderStateStore, type RenderState } from './render-state-store.ts';

const T0 = 1_760_000_000_000;
const sha = (c: string) => c.repeat(64);

function runSuite(name: string, open: OpenTestDatabase): void {
  describe(`render states: ${name}`, () => {
    let fx: Awaited<ReturnType<typeof open>>;
    let states: RenderStateStore;
    let pageIds: number[];

    beforeEach(async () => {
      fx = await open();
      await fx.store.migrate();
      states = new RenderStateStore(fx.handle);
      const org = await fx.store.upsertOrganisation({ slug: 'city', name: 'City' }, T0);
      const site = await fx.store.upsertSite({ organisationId: org.id, origin: 'https://www.city.example' }, T0);
      pageIds = [];
      for (const path of ['/', '/news/'])
        pageIds.push(
          (await fx.store.addPage({ siteId: site.id, url: `https://www.city.example${path}`, source: 'declared' }, T0))
            .page.id,
        );
    });
    afterEach(async () => fx.cleanup());

    const state = (pageId: number, shas: Partial<RenderState>): RenderState => ({
      pageId,
      baseline: null,
      renderedAt: T0,
      verdict: 'unchanged',
      reasons: [],
      pending: false,
      viewportSha256: null,
      fullPageSha256: null,
      domSha256: null,
      diffSha256: null,
      baselineViewportSha256: null,
      ...shas,
    });

    it('names every artefact of every state, and forgets the ones a newer render replaced', async () => {
      expect(await states.referencedArtefacts()).toEqual(new Set());
      await states.put(state(pageIds[0]!, { viewportSha256: sha('a'), fullPageSha256: sha('b'), domSha256: sha('c') }));
      await states.put(state(pageIds[1]!, { viewportSha256: sha('a'), domSha256: sha('d'), diffSha256: sha('e') }));
      expect(await states.referencedArtefacts()).toEqual(new Set([sha('a'), sha('b'), sha('c'), sha('d'), sha('e')]));
      await states.put(state(pageIds[0]!, { viewportSha256: sha('f'), domSha256: sha('c') }));
      expect(await states.referencedArtefacts()).toEqual(new Set([sha('a'), sha('c'), sha('d'), sha('e'), sha('f')]));
    });

    it('keeps and finds the baseline screenshot a visual-change reason names, and only on its page', async () => {
      const visual = {
        code: 'visual-change',
        severity: 'info' as const,
        message: '5% of the first screen looks different',
        evidence: { snippet: `baseline ${sha('9')}, diff ${sha('8')}` },
      };
      await states.put(state(pageIds[0]!, { viewportSha256: sha('a'), diffSha256: sha('8'), reasons: [visual] }));
      await states.put(
        state(pageIds[1]!, {
          viewportSha256: sha('7'),
          reasons: [{ code: 'other', severity: 'info' as const, message: 'no artefact named' }],
        }),
      );
      expect(await states.referencedArtefacts()).toEqual(new Set([sha('a'), sha('8'), sha('9'), sha('7')]));
      expect(await states.pagesNaming(sha('9'))).toEqual([pageIds[0]]);
      expect(await states.pagesNaming(sha('7'))).toEqual([pageIds[1]]);
      expect(await states.pagesNaming('not-a-sha')).toEqual([]);
    });

    it('keeps the baseline screenshot, stored and read back, named for the sweep and for its page', async () => {
      await states.put(state(pageIds[0]!, { viewportSha256: sha('a'), baselineViewportSha256: sha('b') }));
      expect((await states.get(pageIds[0]!))?.baselineViewportSha256).toBe(sha('b'));
      expect(await states.referencedArtefacts()).toEqual(new Set([sha('a'), sha('b')]));
      expect(await states.pagesNaming(sha('b'))).toEqual([pageIds[0]]);
    });
  });
}

await onBothDatabases('render states', testEnv(process.env), runSuite);
