import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { analysePage } from '../core/analyse.ts';
import { assess, type Observation } from '../core/assess.ts';
import { AnalysisPool } from './analysis-pool.ts';

const URL_ = 'http://site.test/news/';

/** An ordinary page: headings, paragraphs, a list of links, a script. */
function ordinaryPage(items: number): string {
  const list = Array.from(
    { length: items },
    (_, i) => `<li><a href="/news/${i}">Notice number ${i} about the ward office</a></li>`,
  ).join('');
  return `<!doctype html><html lang="en"><head><title>News</title><script>var x = 1;</script></head><body><h1>News</h1><p>Latest notices from the office.</p><ul class="news">${list}</ul><a href="https://other.test/">elsewhere</a></body></html>`;
}

function pageObservation(html: string): Observation {
  return { kind: 'page', requestedUrl: URL_, finalUrl: URL_, html, sameBodyAsLast: false };
}

/** Runs `during` while a 50 ms interval ticks on this thread; returns the largest gap between ticks. */
async function largestTickGap(during: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let largest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    largest = Math.max(largest, now - last);
    last = now;
  }, 50);
  try {
    await during();
  } finally {
    clearInterval(timer);
  }
  return Math.max(largest, performance.now() - last);
}

describe('AnalysisPool (real worker threads)', () => {
  const pools: AnalysisPool[] = [];
  const pool = (options: Partial<ConstructorParameters<typeof AnalysisPool>[0]> = {}) => {
    const p = new AnalysisPool({ workers: 1, timeoutMs: 30_000, maxMemoryMb: 256, ...options });
    pools.push(p);
    return p;
  };
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it('gives the same assessment and model as core run directly', async () => {
    const analysis = pool();
    const html = ordinaryPage(40);
    const prior = { baseline: null, previous: null };
    const viaPool = await analysis.run({
      kind: 'assess',
      observation: pageObservation(html),
      prior,
      options: { minSamples: 3 },
      keepModel: true,
    });
    expect(viaPool).toMatchObject({ ok: true, value: assess(pageObservation(html), prior, { minSamples: 3 }) });
    const model = await analysis.run({ kind: 'analyse', html, url: URL_, options: {} });
    expect(model).toMatchObject({ ok: true, value: analysePage(html, URL_) });
    // The check path leaves the model behind in the thread: nothing reads it there.
    const lean = await analysis.run({
      kind: 'assess',
      observation: pageObservation(html),
      prior,
      options: { minSamples: 3 },
      keepModel: false,
    });
    expect(lean.ok && lean.value.model).toBeNull();
    expect(lean.ok && lean.value.verdict).toEqual(viaPool.ok && viaPool.value.verdict);
  }, 60_000);

  it('ends a job at its deadline as `time`, keeps this thread ticking meanwhile, and carries on with a new thread', async () => {
    const analysis = pool();
    // Warm the thread first under the pool's generous deadline, so the tiny one falls on the analysis.
    expect((await analysis.run({ kind: 'analyse', html: ordinaryPage(1), url: URL_, options: {} })).ok).toBe(true);
    const big = ordinaryPage(40_000);
    let outcome: Awaited<ReturnType<AnalysisPool['run']>> | undefined;
    const gap = await largestTickGap(async () => {
      outcome = await analysis.run({ kind: 'analyse', html: big, url: URL_, options: {} }, { timeoutMs: 50 });
    });
    expect(outcome).toMatchObject({ ok: false, limit: 'time', detail: 'time: 50 ms' });
    expect(gap).toBeLessThan(1000);
    expect(analysis.stats().replaced.time).toBe(1);
    // The replacement thread takes the next job.
    const next = await analysis.run({ kind: 'analyse', html: '<title>after</title>', url: URL_, options: {} });
    expect(next).toMatchObject({ ok: true, value: { title: 'after' } });
  }, 60_000);

  it('reports a thread that outgrows its heap cap as `memory`, and the pool keeps working', async () => {
    const analysis = pool({ maxMemoryMb: 16 });
    const outcome = await analysis.run({ kind: 'analyse', html: ordinaryPage(15_000), url: URL_, options: {} });
    expect(outcome).toMatchObject({ ok: false, limit: 'memory' });
    expect(!outcome.ok && outcome.detail).toContain('16 MB');
    const next = await analysis.run({ kind: 'analyse', html: '<title>still here</title>', url: URL_, options: {} });
    expect(next).toMatchObject({ ok: true, value: { title: 'still here' } });
    expect(analysis.stats().replaced.memory).toBe(1);
  }, 60_000);

  it('refuses a page too large to copy into a capped thread without starting one', async () => {
    const analysis = pool({ maxMemoryMb: 16 });
    const outcome = await analysis.run({ kind: 'analyse', html: 'x'.repeat(3 * 1024 * 1024), url: URL_, options: {} });
    expect(outcome).toMatchObject({ ok: false, limit: 'memory' });
    expect(!outcome.ok && outcome.detail).toMatch(/too large/);
    expect(analysis.stats()).toMatchObject({ busy: 0, replaced: { time: 0, memory: 0, crash: 0 } });
  });

  it('takes the smallest waiting page first, so ordinary pages do not queue behind large ones', async () => {
    const analysis = pool();
    const finished: string[] = [];
    const run = (name: string, html: string) =>
      analysis.run({ kind: 'analyse', html, url: URL_, options: {} }).then((o) => {
        expect(o.ok).toBe(true);
        finished.push(name);
      });
    // The first starts at once; of the two that wait, the small one is taken first.
    await Promise.all([
      run('large-1', ordinaryPage(3_000)),
      run('large-2', ordinaryPage(3_000)),
      run('small', ordinaryPage(1)),
    ]);
    expect(finished).toEqual(['large-1', 'small', 'large-2']);
  }, 60_000);

  it('stops a thread left idle, and starts a new one for the next job', async () => {
    const analysis = pool({ idleMs: 100 });
    const job = { kind: 'analyse', html: ordinaryPage(1), url: URL_, options: {} } as const;
    expect((await analysis.run(job)).ok).toBe(true);
    expect(analysis.stats().threads).toBe(1);
    const deadline = performance.now() + 10_000;
    while (analysis.stats().threads > 0 && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(analysis.stats().threads).toBe(0);
    expect((await analysis.run(job)).ok).toBe(true);
    expect(analysis.stats()).toMatchObject({ threads: 1, started: 2, replaced: { time: 0, memory: 0, crash: 0 } });
  }, 30_000);

  it('keeps an idle thread warm for five minutes, then stops it', async () => {
    // Only the pool's own timers are faked: the thread runs and answers in real time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const analysis = pool({});
      expect((await analysis.run({ kind: 'analyse', html: ordinaryPage(1), url: URL_, options: {} })).ok).toBe(true);
      // Changes a few minutes apart find the thread loaded and its code optimised.
      vi.advanceTimersByTime(4 * 60_000);
      expect(analysis.stats().threads).toBe(1);
      vi.advanceTimersByTime(60_000);
      expect(analysis.stats().threads).toBe(0);
      expect(analysis.stats().started).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  }, 30_000);

  it.runIf(process.platform === 'linux')(
    'names its live threads by their ids in the operating system',
    async () => {
      const analysis = pool({});
      expect(analysis.stats().osThreadIds).toEqual([]);
      expect((await analysis.run({ kind: 'analyse', html: ordinaryPage(1), url: URL_, options: {} })).ok).toBe(true);
      const [id] = analysis.stats().osThreadIds;
      // A thread of this process other than its main thread.
      expect(id).not.toBe(process.pid);
      expect(existsSync(`/proc/self/task/${id}`)).toBe(true);
    },
    30_000,
  );

  it('runs one job per thread, and answers the ones left when it closes as `unavailable`', async () => {
    const analysis = new AnalysisPool({ workers: 1, timeoutMs: 30_000, maxMemoryMb: 256 });
    const jobs = [1, 2, 3].map((n) =>
      analysis.run({ kind: 'analyse', html: `<title>${n}</title>`, url: URL_, options: {} }),
    );
    expect(analysis.stats()).toMatchObject({ workers: 1, busy: 1, queued: 2 });
    const first = await jobs[0];
    expect(first).toMatchObject({ ok: true, value: { title: '1' } });
    await analysis.close();
    const rest = await Promise.all(jobs.slice(1));
    // The second job was running or queued; either way nothing is left hanging, and nothing is a throw.
    for (const outcome of rest) expect(outcome.ok || outcome.limit === 'unavailable').toBe(true);
    expect(await analysis.run({ kind: 'analyse', html: '<p>late</p>', url: URL_, options: {} })).toMatchObject({
      ok: false,
      limit: 'unavailable',
    });
  }, 60_000);
});
