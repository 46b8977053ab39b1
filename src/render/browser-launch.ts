import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { startBlackHole } from './black-hole.ts';
import { BrowserUnavailableError, classifyRenderError } from './errors.ts';

/** Debian's Chromium; never a downloaded browser. */
export const DEFAULT_EXECUTABLE_PATH = '/usr/bin/chromium';

/** Switches every Mamori browser gets; see `chromiumArgs` for the ones that depend on the pool. */
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Visitors' browsers say navigator.webdriver === false; a page that hides its payload from robots
  // must not be able to tell us apart by that flag.
  '--disable-blink-features=AutomationControlled',
  // WebRTC can send UDP to any address, past every HTTP-level guard: only proxied (i.e. no) traffic.
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--mute-audio',
  '--hide-scrollbars',
  '--font-render-hinting=none',
  // Site isolation keeps a visitor's logged-in sites apart from a hostile one in the same browser.
  // Here there is nothing of that kind to keep: each render has a context of its own (Chromium never
  // shares a renderer between contexts, so concurrent renders stay in separate processes), holding
  // no cookies or storage but what the page itself sets, cleared between renders. What remains in
  // one process is a page and the frames it embeds, which are all the page under test. With
  // isolation on, Chromium started a renderer for nearly every render; off, the pool's renderers
  // are reused: 484 → 409 ms of CPU per render with the two browsers taking turns in one process.
  '--disable-site-isolation-trials',
];

/**
 * The features Playwright 1.65 switches off (its chromiumSwitches), repeated here because Chromium
 * reads only the last --disable-features switch: ours, which comes after Playwright's, has to carry
 * its list too. browser-launch.test.ts checks the launched browser's command line against this.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
] as const;

/**
 * RenderDocument gives every document a new frame host, so each navigation (the page, then the
 * about:blank a slot is reset with when its document cannot be replaced in place, then the next page)
 * builds one from scratch. The renderer
 * process is the same either way (one per context, see above); off, a slot's reset and next
 * navigation cost a fraction of the CPU: about 110 → 60 ms for about:blank plus the next page.
 */
const OUR_DISABLED_FEATURES = ['RenderDocument'];

function disableFeatures(): string {
  return `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...OUR_DISABLED_FEATURES].join(',')}`;
}

export interface LaunchOptions {
  executablePath: string;
  timeoutMs: number;
  /**
   * Port of a loopback "black hole" used as the browser's default proxy. Pages never use it: each
   * render context has its own guarding proxy (guarding-proxy.ts). What is left for it is traffic
   * outside those contexts (the browser's own background chatter: updates, accounts), which dies
   * there instead of reaching the network.
   */
  blackHolePort: number;
  /** A unique token put on the command line, so the browser's process can be found in /proc. */
  marker: string;
}

/** The switches that do not depend on the pool (for benchmarks that compare a bare render at the same flags). */
export function baseChromiumArgs(): string[] {
  return [...BASE_ARGS, disableFeatures()];
}

export function chromiumArgs(options: Pick<LaunchOptions, 'blackHolePort' | 'marker'>): string[] {
  return [
    ...baseChromiumArgs(),
    `--proxy-server=http://127.0.0.1:${options.blackHolePort}`,
    // Chromium bypasses proxies for localhost unless told otherwise; loopback must die there too.
    '--proxy-bypass-list=<-loopback>',
    `--mamori-instance=${options.marker}`,
  ];
}

/** Why this executable cannot be used, or null when it exists and may be executed. */
export async function executableProblem(executablePath: string): Promise<string | null> {
  try {
    await access(executablePath, constants.X_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? `${executablePath} does not exist`
      : `${executablePath} cannot be executed (${code ?? 'unknown error'})`;
  }
}

/** The advice every unavailable-browser message ends with. */
export function unavailableAdvice(): string {
  return 'install it (apt-get install chromium fonts-noto-cjk), set render.executablePath (MAMORI_RENDER_EXECUTABLE_PATH), or set render.enabled to false; until then pages are checked by the static analysis only';
}

/** Starts Chromium. Throws BrowserUnavailableError when it is missing or does not start. */
export async function launchChromium(options: LaunchOptions): Promise<Browser> {
  const problem = await executableProblem(options.executablePath);
  if (problem) throw new BrowserUnavailableError(`Chromium is not available: ${problem}; ${unavailableAdvice()}`);
  // Loaded here, not at import: Playwright costs about 80 MB of RSS in a process that never renders
  // (render.enabled false, or a command that only reads), and this module is on every command's path.
  const { chromium } = await import('playwright-core');
  try {
    return await chromium.launch({
      executablePath: options.executablePath,
      headless: true,
      args: chromiumArgs(options),
      timeout: options.timeoutMs,
      // The pool owns the browser's life; Playwright's own signal handlers would kill it under us.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    const classified = classifyRenderError(error);
    if (classified instanceof BrowserUnavailableError) throw classified;
    throw new BrowserUnavailableError(
      `Chromium at ${options.executablePath} did not start: ${classified.message}; ${unavailableAdvice()}`,
      { cause: error },
    );
  }
}

export type BrowserProbe = { available: true; version: string } | { available: false; error: BrowserUnavailableError };

/**
 * Whether rendering can work here: the executable exists and a browser really starts and answers.
 * Callers run this once at start-up and fall back to static-only checks, with the error's message as
 * the warning, when it fails.
 */
export async function probeBrowser(
  executablePath: string = DEFAULT_EXECUTABLE_PATH,
  timeoutMs = 20_000,
): Promise<BrowserProbe> {
  const hole = await startBlackHole();
  try {
    const browser = await launchChromium({
      executablePath,
      timeoutMs,
      blackHolePort: hole.port,
      marker: `probe-${process.pid}`,
    });
    const version = browser.version();
    await browser.close();
    return { available: true, version };
  } catch (error) {
    const unavailable =
      error instanceof BrowserUnavailableError ? error : new BrowserUnavailableError(String(error), { cause: error });
    return { available: false, error: unavailable };
  } finally {
    await hole.close();
  }
}
