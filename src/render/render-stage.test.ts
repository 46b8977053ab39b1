/**
 * When the pipeline renders, and what it does with the rendered verdict: the pure decisions, then the
 * whole check path through openRuntime with real SQLite and real Chromium, where tampering that only a
 * script does (the HTML never changes) is found by the deep-schedule render and reported by a check.
 */
import type http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assessment } from '../core/assess.ts';
import { openRuntime, type Runtime } from '../app/runtime.ts';
import { syncEstate } from '../estate/sync-config.ts';
import { startHttpServer, type TestServer } from '../fetch/test-servers.ts';
import { testConfig, silentLog } from '../../test/helpers.ts';
import { DEFAULT_EXECUTABLE_PATH, executableProblem } from './browser-launch.ts';
import { mergeVerdicts, renderTrigger } from './render-stage.ts';
import { RenderStateStore } from './render-state-store.ts';

describe('renderTrigger', () => {
  const base = {
    fetched: true,
    staticVerdict: 'unchanged' as const,
    lastRenderedAt: 1000,
    now: 2000,
    deepIntervalMs: 5000,
  };
  it('renders at enrolment, on any verdict but unchanged, and when the deep interval is up', () => {
    expect(renderTrigger({ ...base, lastRenderedAt: null })).toBe('enrolment');
    expect(renderTrigger({ ...base, staticVerdict: 'changed' })).toBe('static-verdict');
    expect(renderTrigger({ ...base, staticVerdict: 'tampered' })).toBe('static-verdict');
    expect(renderTrigger(base)).toBeNull();
    expect(renderTrigger({ ...base, now: 6000 })).toBe('deep-schedule');
  });
  it('never renders a page that is down or was not fetched, and has no schedule at 0', () => {
    expect(renderTrigger({ ...base, staticVerdict: 'down' })).toBeNull();
    expect(renderTrigger({ ...base, fetched: false, lastRenderedAt: null })).toBeNull();
    expect(renderTrigger({ ...base, now: 1e12, deepIntervalMs: 0 })).toBeNull();
  });
  it('renders a page under heightened watch at the heightened pace, but still not a page that is down', () => {
    const heightened = { renderEveryMs: 1000 };
    expect(renderTrigger({ ...base, heightened })).toBe('heightened-watch');
    expect(renderTrigger({ ...base, heightened: { renderEveryMs: 1001 } })).toBeNull(); // rendered 1000 ms ago
    expect(renderTrigger({ ...base, heightened, staticVerdict: 'tampered' })).toBe('static-verdict');
    expect(renderTrigger({ ...base, heightened, staticVerdict: 'down' })).toBeNull();
  });
});

describe('mergeVerdicts', () => {
  const staticView: Assessment = {
    outcome: 'ok',
    model: null,
    baseline: null,
    verdict: { kind: 'changed', reasons: [{ code: 'content-changed', severity: 'info', message: 'Text changed.' }] },
  };
  it('lets a worse, alarming rendered verdict win, its reasons first, and stops the static baseline learning', () => {
    const merged = mergeVerdicts(staticView, {
      kind: 'tampered',
      reasons: [{ code: 'hidden-external-link', severity: 'high', message: 'A hidden link.' }],
    });
    expect(merged.verdict.kind).toBe('tampered');
    expect(merged.verdict.reasons.map((r) => r.code)).toEqual(['hidden-external-link', 'content-changed']);
    expect(merged.verdict.reasons[0]?.message).toBe('In a real browser: A hidden link.');
    expect(merged.baseline).toBeUndefined();
  });
  it('keeps the static assessment when the rendered view is no worse or not alarming', () => {
    expect(mergeVerdicts(staticView, { kind: 'changed', reasons: [] })).toBe(staticView);
    const tampered = { ...staticView, verdict: { kind: 'tampered' as const, reasons: [] } };
    expect(mergeVerdicts(tampered, { kind: 'suspicious', reasons: [] })).toBe(tampered);
  });
});

const chromiumMissing = await executableProblem(DEFAULT_EXECUTABLE_PATH);

describe.skipIf(chromiumMissing !== null)('the check pipeline with rendering (real Chromium, SQLite)', () => {
  let server: TestServer;
  let runtime: Runtime;
  let dir: string;
  let widget = 'document.getElementById("w").textContent = "Weather: sunny";';
  const html =
    '<!doctype html><html lang="en"><head><title>Roads office</title></head><body><h1>Roads office</h1><p>Opening hours are nine to five on weekdays.</p><p id="w"></p><script src="/widget.js"></script></body></html>';

  beforeAll(async () => {
    server = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
      if (req.url === '/widget.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(widget);
      else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    dir = await mkdtemp(join(tmpdir(), 'mamori-render-'));
    const config = testConfig(dir, {
      baseline: { minSamples: 1 },
      // A deep render is due on every check after ~0.4 s.
      render: { deepIntervalHours: 0.0001 },
      estate: {
        organisations: [
          {
            slug: 'roads',
            name: 'Roads',
            sites: [{ origin: server.origin, name: 'Roads', pages: [`${server.origin}/`] }],
          },
        ],
      },
    });
    runtime = await openRuntime(config, silentLog);
    await syncEstate(runtime.store, config.estate.organisations, Date.now());
  }, 60_000);

  afterAll(async () => {
    await runtime?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  async function waitFor<T>(probe: () => Promise<T | null | undefined | false>): Promise<T> {
    for (let i = 0; i < 1200; i++) {
      const value = await probe();
      if (value) return value;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('gave up waiting');
  }

  it('renders at enrolment in the background, then finds script-only tampering on the deep schedule', async () => {
    const page = await runtime.store.getPageByUrl(`${server.origin}/`);
    expect(page).not.toBeNull();
    const id = (page as { id: number }).id;
    const states = new RenderStateStore(runtime.database);
    const first = await runtime.checks.checkPage(id);
    expect(first?.check.verdict).toBe('unchanged');
    const enrolled = await waitFor(() => states.get(id));
    expect(enrolled.verdict).toBe('unchanged');
    expect(enrolled.viewportSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await runtime.renderBlobs.has(enrolled.viewportSha256 as string)).toBe(true);

    // The HTML stays byte for byte the same: only the script changes, so the static view sees nothing.
    widget =
      'const a = document.createElement("a"); a.href = "https://pills.example/buy"; a.textContent = "cheap pills"; a.style.cssText = "position:absolute;left:-9999px"; document.body.appendChild(a);';
    await new Promise((r) => setTimeout(r, 500));
    const second = await runtime.checks.checkPage(id);
    expect(second?.check.verdict).toBe('unchanged');
    const found = await waitFor(async () => {
      const s = await states.get(id);
      return s?.pending ? s : null;
    });
    expect(found.verdict).toBe('tampered');
    // The next check reports it.
    const third = await runtime.checks.checkPage(id);
    expect(third?.check.verdict).toBe('tampered');
    expect(third?.check.reasons[0]?.message).toMatch(/^In a real browser: A new link to pills\.example/);
    // The widget's text is gone from the first screen: the pixel diff against the enrolment screenshot says so.
    const visual = third?.check.reasons.find((r) => r.code === 'visual-change');
    expect(visual?.message).toMatch(/of the first screen looks different/);
    const diffSha = /diff ([0-9a-f]{64})/.exec(visual?.evidence?.snippet ?? '')?.[1];
    expect(diffSha && (await runtime.renderBlobs.has(diffSha))).toBe(true);
    // The tampered check's evidence carries what the browser showed: both screenshots and the diff,
    // as files of their own and as resource records in the WARC beside the DOM after scripts.
    const capture = await runtime.evidence.ledger.lastCapture(id);
    expect(capture?.checkId).toBe(third?.check.id);
    const { files } = JSON.parse(capture?.details ?? '{}') as {
      files: { role: string; label: string; sha256: string }[];
    };
    expect(files.map((f) => `${f.role}:${f.label}`).slice(1)).toEqual([
      'screenshot:viewport',
      'screenshot:full-page',
      'diff:viewport-diff',
    ]);
    const warc = gunzipSync((await runtime.evidence.files.get(files[0]?.sha256 ?? '')) ?? Buffer.alloc(0)).toString(
      'latin1',
    );
    expect(warc).toContain(`urn:mamori:screenshot:viewport:${server.origin}/`);
    expect(warc).toContain(`urn:mamori:rendered-dom:${server.origin}/`);
    // The link exists only in the DOM after scripts: the served HTML never had it.
    expect(html).not.toContain('cheap pills');
    expect(warc).toContain('cheap pills');

    // Rendered again while still tampered: compared with the enrolment screenshot, not with the
    // tampered one before it, so the page as it should look stays the baseline.
    const before = (await states.get(id))?.renderedAt ?? 0;
    await new Promise((r) => setTimeout(r, 500));
    await runtime.checks.checkPage(id);
    const again = await waitFor(async () => {
      const s = await states.get(id);
      return s && s.renderedAt > before ? s : null;
    });
    expect(again.verdict).toBe('tampered');
    expect(again.baselineViewportSha256).toBe(enrolled.viewportSha256);
    expect(again.reasons.find((r) => r.code === 'visual-change')?.evidence?.snippet).toContain(
      `baseline ${enrolled.viewportSha256 ?? ''}`,
    );
  }, 120_000);
});
