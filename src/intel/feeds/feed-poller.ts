/**
 * Polls the configured feeds, each on its own interval, and hands every item to the threat watch
 * (or, for a claims feed, to claim verification). Items are de-duplicated downstream by their
 * stable ids, so a restart re-reads a feed without opening anything twice.
 */
import type { Logger } from 'pino';
import type { Fetcher } from '../../fetch/types.ts';
import type { FeedConfig } from '../../config/intel.ts';
import type { ClaimService } from '../claim-service.ts';
import type { ThreatService } from '../threat-service.ts';
import type { FeedItem } from './parse-feed.ts';
import { readFeed } from './read-feed.ts';

export interface FeedPollResult {
  feed: string;
  ok: boolean;
  items: number;
  threats: number;
  claims: number;
  problem?: string;
}

export interface FeedPollerDeps {
  feeds: readonly FeedConfig[];
  fetcher: Fetcher;
  threats: ThreatService;
  claims: ClaimService;
  log: Logger;
}

/** Items kept in memory per feed as already handled: beyond it the store's ids still de-duplicate. */
const SEEN_PER_FEED = 5_000;

export class FeedPoller {
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #running = new Map<string, Promise<FeedPollResult>>();
  readonly #seen = new Map<string, Set<string>>();

  constructor(private readonly deps: FeedPollerDeps) {}

  /** Read one feed now; overlapping reads of the same feed share one. */
  poll(feed: FeedConfig): Promise<FeedPollResult> {
    const running = this.#running.get(feed.name);
    if (running) return running;
    const task = this.#poll(feed).finally(() => this.#running.delete(feed.name));
    this.#running.set(feed.name, task);
    return task;
  }

  async #poll(feed: FeedConfig): Promise<FeedPollResult> {
    const read = await readFeed(feed, this.deps.fetcher);
    if (!read.ok) {
      this.deps.log.warn({ feed: feed.name, problem: read.message }, 'feed unreadable');
      return { feed: feed.name, ok: false, items: 0, threats: 0, claims: 0, problem: read.message };
    }
    const seen = this.#seen.get(feed.name) ?? new Set<string>();
    this.#seen.set(feed.name, seen);
    let threats = 0;
    let claims = 0;
    for (const item of read.feed.items) {
      if (seen.has(item.key)) continue;
      if (feed.claims) {
        await this.#claim(feed, item);
        claims += 1;
      } else if (await this.#threat(feed, item)) threats += 1;
      seen.add(item.key);
      if (seen.size > SEEN_PER_FEED) seen.delete(seen.values().next().value ?? '');
    }
    return { feed: feed.name, ok: true, items: read.feed.items.length, threats, claims };
  }

  async #threat(feed: FeedConfig, item: FeedItem): Promise<boolean> {
    const result = await this.deps.threats.ingest({
      key: item.key,
      title: item.title,
      text: item.text,
      source: `feed:${feed.name}`,
      sourceUrl: item.url,
      ...(item.publishedAt !== null ? { publishedAt: item.publishedAt } : {}),
    });
    return result.created;
  }

  async #claim(feed: FeedConfig, item: FeedItem): Promise<void> {
    await this.deps.claims.verify({
      key: item.key,
      text: `${item.title}\n${item.text}`.trim(),
      source: `feed:${feed.name}`,
      sourceUrl: item.url,
    });
  }

  start(): void {
    for (const feed of this.deps.feeds) {
      const run = () => {
        this.poll(feed).catch((error: unknown) =>
          this.deps.log.error({ err: error, feed: feed.name }, 'feed poll failed'),
        );
      };
      run();
      const timer = setInterval(run, feed.pollSeconds * 1000);
      timer.unref();
      this.#timers.push(timer);
    }
  }

  async stop(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    this.#timers.length = 0;
    await Promise.allSettled([...this.#running.values()]);
  }
}
