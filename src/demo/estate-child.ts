import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isEstateReply } from './estate-protocol.ts';
import type { EstateReply, EstateRequest, EstateSpec } from './estate-protocol.ts';
import type { EstateSiteOrigin } from './estate-server.ts';
import type { EstateStatePatch } from './types.ts';

/** A typed client for the estate child process: start it, steer its state, stop it. */

export interface EstateChild {
  pid: number;
  sites: EstateSiteOrigin[];
  urls: string[];
  setState(patch: EstateStatePatch): Promise<void>;
  /** Moves a bench estate to generation `g` and resolves with the URLs of the pages that changed in it. */
  setGeneration(g: number): Promise<string[]>;
  /** The child's own CPU time, so a benchmark can tell server CPU from Mamori's. */
  cpuUsage(): Promise<NodeJS.CpuUsage>;
  stop(): Promise<void>;
}

export interface EstateChildOptions {
  /** Per request, including start-up (tsx compiles the estate on first run). */
  timeoutMs?: number;
}

type RequestBody = EstateRequest extends infer R ? (R extends EstateRequest ? Omit<R, 'id'> : never) : never;

/** The child's entry beside this file: TypeScript through tsx, or the compiled twin (`npm run build`). */
const COMPILED = !import.meta.url.endsWith('.ts');
const ENTRY = fileURLToPath(new URL(COMPILED ? './estate-process.js' : './estate-process.ts', import.meta.url));

export async function startEstateChild(spec: EstateSpec, options: EstateChildOptions = {}): Promise<EstateChild> {
  // An absolute loader URL, so the child finds tsx whatever the working directory.
  const execArgv = COMPILED ? [] : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
  const child = fork(ENTRY, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const channel = new ReplyChannel(child, options.timeoutMs ?? 15_000);
  let ready: EstateReply;
  try {
    ready = await channel.request({ type: 'start', estate: spec });
  } catch (error) {
    await channel.kill();
    throw error;
  }
  if (ready.type !== 'ready') throw new Error('estate child did not report ready');
  return {
    pid: child.pid ?? -1,
    sites: ready.sites,
    urls: ready.urls,
    setState: async (patch) => {
      await channel.request({ type: 'set-state', patch });
    },
    setGeneration: async (g) => {
      const reply = await channel.request({ type: 'set-generation', g });
      return reply.type === 'ok' ? (reply.changedUrls ?? []) : [];
    },
    cpuUsage: async () => {
      const reply = await channel.request({ type: 'cpu-usage' });
      if (reply.type !== 'ok' || reply.cpu === undefined) throw new Error('estate child sent no CPU usage');
      return reply.cpu;
    },
    stop: () => channel.stop(),
  };
}

interface Pending {
  resolve: (reply: EstateReply) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** Matches replies to requests by id and fails everything pending if the child exits. */
class ReplyChannel {
  readonly #pending = new Map<number, Pending>();
  readonly #exited: Promise<void>;
  #nextId = 1;
  #exitReason: string | null = null;

  constructor(
    private readonly child: ChildProcess,
    private readonly timeoutMs: number,
  ) {
    child.on('message', (message: unknown) => {
      if (!isEstateReply(message)) return;
      const pending = this.#pending.get(message.id);
      if (pending === undefined) return;
      this.#settle(message.id);
      if (message.type === 'error') pending.reject(new Error(`estate child: ${message.message}`));
      else pending.resolve(message);
    });
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#exitReason = `estate child exited (${signal ?? `code ${code}`})`;
        for (const [id, pending] of this.#pending) {
          this.#settle(id);
          pending.reject(new Error(this.#exitReason));
        }
        resolve();
      });
    });
  }

  request(body: RequestBody): Promise<EstateReply> {
    if (this.#exitReason !== null) return Promise.reject(new Error(this.#exitReason));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#settle(id);
        reject(new Error(`estate child did not answer ${body.type} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      this.child.send({ ...body, id }, (error) => {
        if (error === null || !this.#pending.has(id)) return;
        this.#settle(id);
        reject(error);
      });
    });
  }

  /** Asks the child to close its servers and leave; kills it if it doesn't within the timeout. */
  async stop(): Promise<void> {
    if (this.#exitReason !== null) return;
    try {
      await this.request({ type: 'stop' });
    } catch {
      // Already gone or unresponsive: the kill below settles it.
    }
    await this.#waitForExit();
  }

  async kill(): Promise<void> {
    if (this.#exitReason !== null) return;
    this.child.kill('SIGKILL');
    await this.#exited;
  }

  async #waitForExit(): Promise<void> {
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 3_000).unref());
    if ((await Promise.race([this.#exited.then(() => 'exited' as const), timeout])) === 'timeout') await this.kill();
  }

  #settle(id: number): void {
    const pending = this.#pending.get(id);
    if (pending !== undefined) clearTimeout(pending.timer);
    this.#pending.delete(id);
  }
}
