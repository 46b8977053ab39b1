import { describe, expect, it } from 'vitest';
import { createBenchEstate } from './bench-estate.ts';

function body(estate: ReturnType<typeof createBenchEstate>, index: number, generation: number): Buffer {
  const { siteKey, path } = estate.pageRef(index);
  return estate.render(siteKey, path, { tick: 0, generation, incidents: {} }).body;
}

describe('createBenchEstate', () => {
  const estate = createBenchEstate({ pages: 400, sites: 4 });

  it('spreads pages over sites, each about bytesPerPage', () => {
    expect(estate.sites.map((s) => s.key)).toEqual(['bench-00', 'bench-01', 'bench-02', 'bench-03']);
    expect(estate.sites.map((s) => s.paths.length)).toEqual([100, 100, 100, 100]);
    for (const index of [0, 1, 199, 399]) {
      const size = body(estate, index, 0).length;
      expect(size).toBeGreaterThanOrEqual(50_000);
      expect(size).toBeLessThan(54_000);
    }
    const small = createBenchEstate({ pages: 3, bytesPerPage: 8_000 });
    expect(body(small, 2, 0).length).toBeLessThan(12_000);
  });

  it('is deterministic and gives different pages different bytes', () => {
    const again = createBenchEstate({ pages: 400, sites: 4 });
    expect(body(estate, 17, 3).equals(body(again, 17, 3))).toBe(true);
    expect(body(estate, 17, 0).equals(body(estate, 21, 0))).toBe(false);
  });

  it('changes exactly the reported 5% of pages in each generation, leaving the rest byte-identical', () => {
    for (const generation of [1, 2, 3, 20, 21]) {
      const changed = new Set(estate.changedPages(generation).map((ref) => `${ref.siteKey}${ref.path}`));
      expect(changed.size, `generation ${generation}`).toBe(20);
      for (let index = 0; index < estate.pageCount; index += 1) {
        const ref = estate.pageRef(index);
        const same = body(estate, index, generation).equals(body(estate, index, generation - 1));
        expect(same, `page ${index} generation ${generation}`).toBe(!changed.has(`${ref.siteKey}${ref.path}`));
      }
    }
  });

  it('keeps a page as it was since its last change', () => {
    const index = 7;
    const last = estate.lastChange(index, 30);
    expect(last).toBeGreaterThan(10);
    expect(body(estate, index, 30).equals(body(estate, index, last))).toBe(true);
    expect(body(estate, index, last).equals(body(estate, index, last - 1))).toBe(false);
  });

  it('never changes with changeRatio 0, and 404s paths that are not its own', () => {
    const still = createBenchEstate({ pages: 10, changeRatio: 0 });
    expect(still.changedPages(5)).toEqual([]);
    expect(body(still, 3, 5).equals(body(still, 3, 0))).toBe(true);
    expect(estate.render('bench-00', '/d/0/p1.html', { tick: 0, incidents: {} }).status).toBe(404);
    expect(estate.render('bench-01', '/d/0/p1.html', { tick: 0, incidents: {} }).status).toBe(200);
    expect(estate.render('bench-00', '/nope', { tick: 0, incidents: {} }).status).toBe(404);
  });

  it('defaces every defacedEvery-th page while the defacement incident is on, and only those', () => {
    const defacing = createBenchEstate({ pages: 40, sites: 4, defacedEvery: 10 });
    const render = (index: number, on: boolean): string => {
      const { siteKey, path } = defacing.pageRef(index);
      return defacing
        .render(siteKey, path, { tick: 0, generation: 0, incidents: { localOfficeDefaced: on } })
        .body.toString();
    };
    for (let index = 0; index < 40; index += 1) {
      expect(render(index, true).includes('Hacked by'), `page ${index}`).toBe(index % 10 === 0);
      expect(render(index, false)).not.toContain('Hacked by');
    }
    expect(body(estate, 0, 0).toString()).not.toContain('Hacked by');
  });
});
