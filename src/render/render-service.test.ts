/**
 * Real Chromium (/usr/bin/chromium) on a loopback fixture server: every way of hiding a link is found
 * in the rendered view and judged by the same detectors as the static path, visible controls are not,
 * and a browser killed mid-render is restarted and the render retried.
 */
import type http from 'node:http';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgePage } from '../core/judge.ts';
import { startHttpServer, type TestServer } from '../fetch/test-servers.ts';
import { executableProblem, DEFAULT_EXECUTABLE_PATH } from './browser-launch.ts';
import { RenderService } from './render-service.ts';

const chromiumMissing = await executableProblem(DEFAULT_EXECUTABLE_PATH);

/** Each hiding technique and the markup that hides a link to its own external host with it. */
const HIDDEN: Record<string, string> = {
  'display-none': '<a style="display:none" href="https://display-none.example/x">cheap pills</a>',
  'visibility-hidden': '<a style="visibility:hidden" href="https://visibility-hidden.example/x">cheap pills</a>',
  'off-screen':
    '<div style="position:absolute;left:-9999px;top:0"><a href="https://off-screen.example/x">cheap pills</a></div>',
  'text-indent':
    '<p style="text-indent:-9999px;overflow:hidden"><a href="https://text-indent.example/x">cheap pills</a></p>',
  'font-size-0': '<p style="font-size:0"><a href="https://font-size-0.example/x">cheap pills</a></p>',
  'zero-height-overflow':
    '<div style="height:0;overflow:hidden"><a href="https://zero-height-overflow.example/x">cheap pills</a></div>',
  'opacity-0': '<p style="opacity:0"><a href="https://opacity-0.example/x">cheap pills</a></p>',
  'colour-as-background':
    '<p style="background:#fff"><a style="color:#fefefe" href="https://colour-as-background.example/x">cheap pills</a></p>',
  'style-rule': '<p class="seo-x"><a href="https://style-rule.example/x">cheap pills</a></p>',
  'script-after-load': '',
};

const CONTROLS = [
  '<p><a href="https://visible-plain.example/x">our partner</a></p>',
  // Hidden by a class rule, but a media query shows it again at this width: visible in the browser.
  '<p class="wide-only"><a href="https://visible-responsive.example/x">wide menu</a></p>',
  // Starts hidden in the HTML, shown by script after load: what visitors see is a visible link.
  '<p id="revealed" style="display:none"><a href="https://visible-revealed.example/x">late news</a></p>',
];

const BASE_BODY =
  '<h1>Ministry notices</h1><ul><li>Notice one about the budget</li><li>Notice two about roads</li></ul>';

function basePage(extra = '', script = ''): string {
  return `<!doctype html><html lang="en"><head><title>Ministry</title><style>
.seo-x { display: none }
.wide-only { display: none }
@media (min-width: 600px) { .wide-only { display: block } }
</style></head><body>${BASE_BODY}${extra}${script}</body></html>`;
}

const TAMPERED_SCRIPT = `<script>
window.addEventListener('load', () => {
  setTimeout(() => {
    const a = document.createElement('a');
    a.href = 'https://script-after-load.example/x';
    a.textContent = 'cheap pills';
    const box = document.createElement('div');
    box.style.cssText = 'position:absolute;top:-5000px';
    box.appendChild(a);
    document.body.appendChild(box);
    document.getElementById('revealed').style.display = 'block';
  }, 100);
});
</script>`;

/** A page whose frame from another site (localhost against 127.0.0.1) starts below the first screen. */
const TALL_WITH_FRAME = (frameOrigin: string): string =>
  `<!doctype html><body style="margin:0"><div style="height:2500px">notices</div><iframe src="${frameOrigin}/red" style="display:block;border:0;width:400px;height:300px"></iframe></body>`;

const pages: Record<string, string> = {
  '/clean': basePage(),
  '/red': '<!doctype html><body style="margin:0;background:#f00"></body>',
  '/tampered': basePage(Object.values(HIDDEN).join('\n') + CONTROLS.join('\n'), TAMPERED_SCRIPT),
  '/slow': basePage('<p>slow page</p>'),
};

describe.skipIf(chromiumMissing !== null)('rendering with real Chromium', () => {
  let server: TestServer;
  let service: RenderService;
  let slowHits = 0;
  let releaseSlow: (() => void) | null = null;

  beforeAll(async () => {
    server = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const body =
        path === '/tall-frame' ? TALL_WITH_FRAME(server.origin.replace('127.0.0.1', 'localhost')) : pages[path];
      if (body === undefined) {
        res.writeHead(404).end();
        return;
      }
      const send = (): void => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
      };
      if (path === '/slow') {
        slowHits += 1;
        // The first attempt hangs until the test has killed the browser under it.
        if (slowHits === 1) releaseSlow = send;
        else send();
        return;
      }
      send();
    });
    service = new RenderService({
      executablePath: DEFAULT_EXECUTABLE_PATH,
      concurrency: 2,
      timeoutMs: 45_000,
      recyclePagesAfter: 20,
      restartBrowserAfter: 200,
      policy: { allowLoopback: true, allowPrivate: false, allowCidrs: [] },
    });
  }, 60_000);

  afterAll(async () => {
    releaseSlow?.();
    await service?.close();
    await server?.close();
  }, 60_000);

  it('finds a link hidden each way, and leaves visible ones alone', async () => {
    const { result, model } = await service.renderModel({ url: `${server.origin}/tampered`, screenshots: false });
    expect(result.settled).toBe(true);
    const hiddenHosts = new Map(model.links.filter((l) => l.hidden).map((l) => [l.host, l.hidden]));
    for (const way of Object.keys(HIDDEN)) {
      expect(hiddenHosts.get(`${way}.example`), way).toBeTruthy();
      expect(hiddenHosts.get(`${way}.example`)?.source).toBe('rendered');
    }
    for (const host of ['visible-plain.example', 'visible-responsive.example', 'visible-revealed.example']) {
      const link = model.links.find((l) => l.host === host);
      expect(link, host).toBeDefined();
      expect(link?.hidden, host).toBeNull();
    }
    // The script-inserted element is marked as such in the serialised document.
    expect(result.probe.inserted).toBeGreaterThan(0);
    expect(result.html).toContain('data-mamori-inserted');
  }, 90_000);

  it('judges the rendered view with the same detectors: each hidden link is named, no control is', async () => {
    const minSamples = 1;
    const clean = await service.renderModel({ url: `${server.origin}/clean`, screenshots: false });
    const learnt = judgePage(clean.model, null, { minSamples });
    expect(learnt.baseline).not.toBeNull();
    const tampered = await service.renderModel({ url: `${server.origin}/tampered`, screenshots: false });
    const { verdict } = judgePage(tampered.model, learnt.baseline, { minSamples });
    expect(verdict.kind).toBe('tampered');
    const flagged = verdict.reasons.filter((r) => r.code === 'hidden-external-link').map((r) => r.evidence?.url ?? '');
    for (const way of Object.keys(HIDDEN))
      expect(
        flagged.some((u) => u.includes(`${way}.example`)),
        way,
      ).toBe(true);
    expect(flagged.some((u) => u.includes('visible-'))).toBe(false);
    expect(verdict.reasons.find((r) => r.code === 'hidden-external-link')?.message).toMatch(
      /as a real browser draws the page/,
    );
  }, 90_000);

  it('takes viewport and full-page screenshots as PNG', async () => {
    const { screenshots } = await service.render({ url: `${server.origin}/clean`, screenshots: true });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    expect(screenshots?.viewport.subarray(0, 4).equals(png)).toBe(true);
    expect(screenshots?.fullPage?.subarray(0, 4).equals(png)).toBe(true);
  }, 60_000);

  it('draws a frame of another site below the first screen in the full-page screenshot', async () => {
    const { screenshots } = await service.render({ url: `${server.origin}/tall-frame`, screenshots: true });
    const full = PNG.sync.read(screenshots?.fullPage as Buffer);
    expect(full.height).toBe(2800);
    const at = (x: number, y: number): number[] => [
      ...full.data.subarray((y * full.width + x) * 4, (y * full.width + x) * 4 + 3),
    ];
    expect(at(200, 2650)).toEqual([255, 0, 0]);
    expect(at(200, 1000)).toEqual([255, 255, 255]);
    // The viewport shot keeps the context's size: the stretched viewport was put back.
    expect(PNG.sync.read(screenshots?.viewport as Buffer).height).toBe(800);
  }, 60_000);

  it('restarts a browser killed mid-render and retries the job', async () => {
    const before = service.stats();
    const rendering = service.render({ url: `${server.origin}/slow`, screenshots: false });
    // Wait until the page's request is being served (the render is under way), then kill the browser.
    for (let i = 0; i < 600 && releaseSlow === null; i++) await new Promise((r) => setTimeout(r, 50));
    expect(releaseSlow).not.toBeNull();
    const pid = service.pool.browserPid();
    expect(pid).not.toBeNull();
    process.kill(pid as number, 'SIGKILL');
    const result = await rendering;
    expect(result.attempt).toBe(2);
    expect(result.html).toContain('slow page');
    const after = service.stats();
    expect(after.crashes).toBe(before.crashes + 1);
    expect(after.retries).toBe(before.retries + 1);
    expect(after.launches).toBe(before.launches + 1);
  }, 120_000);
});
