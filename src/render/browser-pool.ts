/**
 * A long-lived Chromium shared by every render: a queue of jobs run on N slots (a slot is a guarded
 * context with one page, reused and recycled every `recyclePagesAfter` renders), a restart after
 * `restartBrowserAfter` renders to bound memory, one timeout per attempt, and crash recovery: when the
 * browser or a page's renderer dies mid-job, the browser is relaunched and the job retried, at most
 * `maxAttempts` times in all. Nothing queued is lost or left hanging; `close()` lets queued jobs
 * finish, then stops the browser.
 */
import type { Browser, BrowserContext, BrowserContextOptions, CDPSession, Page } from 'playwright-core';
import type { DnsLookupAll } from '../fetch/ssrf-guard.ts';
import type { NetworkPolicy } from '../fetch/types.ts';
import { startBlackHole, type BlackHole } from './black-hole.ts';
import { launchChromium } from './browser-launch.ts';
import { findBrowserPid } from './browser-processes.ts';
import { BrowserCrashedError, BrowserUnavailableError, RenderTimeoutError, classifyRenderError } from './errors.ts';
import { GuardedFetcher } from './guarded-fetch.ts';
import { GuardingProxy } from './guarding-proxy.ts';
import { installNetworkGuard } from './network-guard.ts';
import { RenderSession, type GuardLimits } from './render-session.ts';
import { resetSlot, watchSlot, type Slot } from './slot-reset.ts';

export interface PoolNetworkOptions extends GuardLimits {
  policy: NetworkPolicy;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  /** Name resolution for the guarded fetches, system DNS by default (tests map names). */
  resolve?: DnsLookupAll;
}

export interface BrowserPoolOptions {
  executablePath: string;
  /** Jobs running at once (slots). */
  concurrency: number;
  /** Time one attempt of a job may take, unless the job says otherwise. */
  timeoutMs: number;
  /** A slot's context and page are replaced after this many renders. */
  recyclePagesAfter: number;
  /** The browser is restarted (when idle) after this many renders. */
  restartBrowserAfter: number;
  /** Attempts per job when the browser crashes under it (default 3). */
  maxAttempts?: number;
  launchTimeoutMs?: number;
  network: PoolNetworkOptions;
  viewport?: { width: number; height: number };
  /** The browser's User-Agent; by default Chromium's own, without the "Headless" give-away. */
  userAgent?: string;
  locale?: string;
  timezoneId?: string;
  /** Scripts run in every document before the page's own (instrumentation for the probe). */
  initScripts?: string[];
}

/** What a job gets: a page in a guarded context, and the record of this attempt. */
export interface Lease {
  page: Page;
  context: BrowserContext;
  /** The page's DevTools session (faster screenshots than Playwright's own). */
  cdp: CDPSession;
  session: RenderSession;
  /** 1 on the first attempt; more after the browser crashed under earlier ones. */
  attempt: number;
  /** performance.now() by which this attempt is abandoned. */
  deadline: number;
}

export interface RunOptions {
  timeoutMs?: number;
  /** Names the job in error messages (the URL being rendered). */
  label?: string;
}

export interface PoolStats {
  launches: number;
  /** Planned restarts (after restartBrowserAfter renders). */
  restarts: number;
  /** Browser disconnections and renderer crashes that were not ours. */
  crashes: number;
  /** Attempts repeated after a crash. */
  retries: number;
  timeouts: number;
  /** Attempts started. */
  attempts: number;
  contextsCreated: number;
  /** Slot resets that replaced the page's document in place (the usual way). */
  resetsInPlace: number;
  /** Slot resets that went to about:blank because the page's document could not be replaced in place. */
  resetsViaBlank: number;
  queued: number;
  active: number;
}

interface Job {
  fn: (lease: Lease) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  attempt: number;
  timeoutMs: number;
  label: string;
}

interface BrowserState {
  browser: Browser;
  marker: string;
  /** Attempts started on this browser. */
  renders: number;
  /** Rejects when the browser disconnects without us closing it. */
  lost: Promise<never>;
  closing: boolean;
  userAgent: string;
}

const DEFAULT_VIEWPORT = { width: 1280, height: 800 };
const CLOSE_TIMEOUT_MS = 10_000;
let poolCounter = 0;

export class BrowserPool {
  private readonly options: BrowserPoolOptions;
  private readonly fetcher: GuardedFetcher;
  private readonly proxy: GuardingProxy;
  private readonly id = `${process.pid}-${++poolCounter}`;
  private readonly queue: Job[] = [];
  private readonly idle: Slot<BrowserState>[] = [];
  private readonly drainWaiters: (() => void)[] = [];
  private readonly counters = {
    launches: 0,
    restarts: 0,
    crashes: 0,
    retries: 0,
    timeouts: 0,
    attempts: 0,
    contextsCreated: 0,
    resetsInPlace: 0,
    resetsViaBlank: 0,
  };
  private state: BrowserState | null = null;
  private launching: Promise<BrowserState> | null = null;
  private restarting: Promise<void> | null = null;
  private hole: Promise<BlackHole> | null = null;
  private active = 0;
  private closing = false;

  constructor(options: BrowserPoolOptions) {
    if (options.concurrency < 1) throw new RangeError('BrowserPool concurrency must be at least 1');
    this.options = options;
    const { policy, connectTimeoutMs, headersTimeoutMs, resolve } = options.network;
    this.fetcher = new GuardedFetcher({ policy, connectTimeoutMs, headersTimeoutMs, resolve });
    this.proxy = new GuardingProxy({ policy, connectTimeoutMs, headersTimeoutMs, resolve });
  }

  /** Queues a job; resolves with its value or rejects with a RenderError that says what to do. */
  run<T>(fn: (lease: Lease) => Promise<T>, options: RunOptions = {}): Promise<T> {
    if (this.closing)
      return Promise.reject(
        new BrowserUnavailableError('The render pool is closed; the check goes on with the static analysis only'),
      );
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        fn,
        resolve: resolve as (value: unknown) => void,
        reject,
        attempt: 0,
        timeoutMs: options.timeoutMs ?? this.options.timeoutMs,
        label: options.label ?? 'the page',
      });
      this.pump();
    });
  }

  stats(): PoolStats {
    return { ...this.counters, queued: this.queue.length, active: this.active };
  }

  /** The User-Agent renders present (null before the browser first starts). */
  userAgent(): string | null {
    return this.state?.userAgent ?? null;
  }

  /** The running browser's process id (Linux), for tests and the benchmark; null when none runs. */
  browserPid(): number | null {
    return this.state ? findBrowserPid(this.state.marker) : null;
  }

  /** Connections that reached the black-hole proxy: traffic that got past interception (and died). */
  async escapedConnections(): Promise<number> {
    return this.hole ? (await this.hole).connections() : 0;
  }

  /**
   * Refuses every job still waiting for a slot (their callers get a BrowserUnavailableError); the
   * running ones go on. For shutdown, when waiting for a long background backlog would hold it up.
   */
  abandonQueued(reason: string): number {
    const dropped = this.queue.splice(0);
    for (const job of dropped) job.reject(new BrowserUnavailableError(reason));
    this.pump();
    return dropped.length;
  }

  /** Lets every queued and running job finish, then stops the browser. Later `run` calls are refused. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.queue.length > 0 || this.active > 0) await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    await this.restarting;
    await this.launching?.catch(() => undefined);
    const state = this.state;
    this.state = null;
    this.idle.length = 0;
    if (state) await this.closeBrowser(state);
    await this.fetcher.close();
    await this.proxy.close();
    if (this.hole) await (await this.hole).close();
  }

  private pump(): void {
    while (this.active < this.options.concurrency && this.queue.length > 0 && !this.restarting) {
      if (this.state && this.state.renders >= this.options.restartBrowserAfter) {
        // Let the running jobs finish on the old browser; the last one to end calls pump again.
        if (this.active === 0) this.restart();
        return;
      }
      const job = this.queue.shift() as Job;
      this.active += 1;
      if (this.state) this.state.renders += 1;
      void this.execute(job).finally(() => {
        this.active -= 1;
        this.pump();
      });
    }
    if (this.queue.length === 0 && this.active === 0) for (const wake of this.drainWaiters.splice(0)) wake();
  }

  private restart(): void {
    const state = this.state;
    this.state = null;
    this.idle.length = 0;
    this.counters.restarts += 1;
    this.restarting = (state ? this.closeBrowser(state) : Promise.resolve()).finally(() => {
      this.restarting = null;
      this.pump();
    });
  }

  private async execute(job: Job): Promise<void> {
    for (;;) {
      job.attempt += 1;
      try {
        job.resolve(await this.attempt(job));
        return;
      } catch (error) {
        const classified = classifyRenderError(error, job.label, job.timeoutMs);
        if (classified instanceof BrowserCrashedError && job.attempt < (this.options.maxAttempts ?? 3)) {
          this.counters.retries += 1;
          continue;
        }
        job.reject(classified);
        return;
      }
    }
  }

  private async attempt(job: Job): Promise<unknown> {
    const state = await this.ensureBrowser();
    this.counters.attempts += 1;
    const slot = await this.acquireSlot(state);
    const { network } = this.options;
    const deadline = performance.now() + job.timeoutMs;
    const session = new RenderSession(network, deadline);
    slot.session = session;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RenderTimeoutError(job.timeoutMs, job.label)), job.timeoutMs);
    });
    const crashed = new Promise<never>((_, reject) => {
      slot.onCrash = () => reject(new BrowserCrashedError(`The page's renderer crashed while rendering ${job.label}`));
    });
    const work = job.fn({
      page: slot.page,
      context: slot.context,
      cdp: slot.cdp,
      session,
      attempt: job.attempt,
      deadline,
    });
    // Whatever the job does after losing the race (rejecting as its context closes) is of no interest.
    work.catch(() => undefined);
    let healthy = false;
    try {
      const value = await Promise.race([work, timedOut, state.lost, crashed]);
      healthy = true;
      return value;
    } catch (error) {
      if (error instanceof RenderTimeoutError) this.counters.timeouts += 1;
      // A job's own failure (a page that did not load) leaves the slot usable; a timeout or crash does not.
      healthy = !(error instanceof RenderTimeoutError || classifyRenderError(error) instanceof BrowserCrashedError);
      throw error;
    } finally {
      clearTimeout(timer);
      slot.onCrash = null;
      session.end();
      await this.release(slot, healthy);
    }
  }

  private ensureBrowser(): Promise<BrowserState> {
    if (this.state?.browser.isConnected()) return Promise.resolve(this.state);
    this.launching ??= this.launch().finally(() => {
      this.launching = null;
    });
    return this.launching;
  }

  private async launch(): Promise<BrowserState> {
    this.hole ??= startBlackHole();
    const hole = await this.hole;
    const marker = `${this.id}-${this.counters.launches + 1}`;
    const browser = await launchChromium({
      executablePath: this.options.executablePath,
      timeoutMs: this.options.launchTimeoutMs ?? 30_000,
      blackHolePort: hole.port,
      marker,
    });
    this.counters.launches += 1;
    let markLost: (error: Error) => void = () => undefined;
    const lost = new Promise<never>((_, reject) => {
      markLost = reject;
    });
    lost.catch(() => undefined);
    const userAgent = this.options.userAgent ?? visitorUserAgent(browser.version());
    const state: BrowserState = { browser, marker, renders: 0, lost, closing: false, userAgent };
    browser.on('disconnected', () => {
      if (this.state === state) this.state = null;
      if (state.closing) return;
      this.counters.crashes += 1;
      markLost(
        new BrowserCrashedError(
          'The browser process exited unexpectedly (killed or crashed); it is restarted for the next attempt',
        ),
      );
    });
    this.state = state;
    return state;
  }

  private async acquireSlot(state: BrowserState): Promise<Slot<BrowserState>> {
    for (let slot = this.idle.pop(); slot; slot = this.idle.pop()) {
      if (slot.owner === state) return slot;
    }
    // Each context has a proxy listener of its own, so what comes through it is charged to the
    // render running in that slot. Loopback goes through it too: the policy decides about loopback.
    let slot: Slot<BrowserState> | null = null;
    const listener = await this.proxy.listen(() => slot?.session ?? null);
    const context = await state.browser
      .newContext({ ...this.contextOptions(state), proxy: { server: listener.server, bypass: '<-loopback>' } })
      .catch(async (error: unknown) => {
        await listener.close();
        throw error;
      });
    context.once('close', () => void listener.close());
    this.counters.contextsCreated += 1;
    try {
      for (const content of this.options.initScripts ?? []) await context.addInitScript({ content });
      const page = await context.newPage();
      slot = {
        owner: state,
        context,
        page,
        uses: 0,
        session: null,
        onCrash: null,
        cdp: await context.newCDPSession(page),
      };
      const guarded = slot;
      await installNetworkGuard(context, this.fetcher, () => guarded.session);
      watchSlot(slot);
      return slot;
    } catch (error) {
      await context.close().catch(() => undefined);
      throw error;
    }
  }

  private contextOptions(state: BrowserState): BrowserContextOptions {
    return {
      viewport: this.options.viewport ?? DEFAULT_VIEWPORT,
      userAgent: state.userAgent,
      locale: this.options.locale ?? 'ja-JP',
      timezoneId: this.options.timezoneId ?? 'Asia/Tokyo',
      acceptDownloads: false,
      serviceWorkers: 'block',
      permissions: [],
      reducedMotion: 'reduce',
      colorScheme: 'light',
    };
  }

  /** Back to the idle list, reset for the next render; or closed, when it is due or suspect. */
  private async release(slot: Slot<BrowserState>, healthy: boolean): Promise<void> {
    const visited = slot.session?.origins ?? [];
    slot.session = null;
    slot.uses += 1;
    const current = this.state === slot.owner && slot.owner.browser.isConnected();
    const reset =
      healthy && current && slot.uses < this.options.recyclePagesAfter ? await resetSlot(slot, visited) : null;
    if (reset !== null) {
      if (reset === 'replaced') this.counters.resetsInPlace += 1;
      else this.counters.resetsViaBlank += 1;
      this.idle.push(slot);
      return;
    }
    await withTimeout(slot.context.close(), CLOSE_TIMEOUT_MS).catch(() => undefined);
  }

  private async closeBrowser(state: BrowserState): Promise<void> {
    state.closing = true;
    try {
      await withTimeout(state.browser.close(), CLOSE_TIMEOUT_MS);
    } catch {
      // A browser that will not close politely is killed, so it cannot linger and hold memory.
      const pid = findBrowserPid(state.marker);
      if (pid !== null) process.kill(pid, 'SIGKILL');
    }
  }
}

/** Chromium's user agent as a visitor's desktop Chrome shows it (no "HeadlessChrome"). */
export function visitorUserAgent(version: string): string {
  const major = version.split('.')[0] ?? '0';
  return `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
