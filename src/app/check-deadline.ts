import type { MamoriConfig } from '../config/schema.ts';

/**
 * A check that has not settled long after every stage's own timeout should have fired. It means the
 * check's promise was orphaned (a library callback threw and the process's last-resort handler caught
 * it, or a stage hangs): the job is failed so the queue retries it and frees the page's slot, and the
 * scheduler keeps the page on its pace. Report it: some stage is missing a timeout.
 */
export class CheckDeadlineError extends Error {
  constructor(
    readonly pageId: number,
    readonly deadlineMs: number,
  ) {
    super(
      `The check of page ${pageId} did not finish within ${deadlineMs} ms; it was failed so the page is checked again. If this repeats, report it with the logs: a stage is hanging.`,
    );
    this.name = 'CheckDeadlineError';
  }
}

/** Floor of the deadline: politeness waits and observers come on top of fetch and render. */
const SLACK_MS = 60_000;

/**
 * Generous on purpose: a check is a politeness wait, a fetch, maybe a render and its cloaking fetches,
 * then the observers. Several times their timeouts, so only a check that will never finish reaches it.
 */
export function checkDeadlineMs(config: Pick<MamoriConfig, 'fetch' | 'render'>): number {
  return 4 * (config.fetch.totalTimeoutMs + config.render.timeoutMs) + SLACK_MS;
}

/** Resolves or rejects as `work` does, or rejects with CheckDeadlineError after `deadlineMs`. */
export async function withCheckDeadline<T>(work: Promise<T>, pageId: number, deadlineMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckDeadlineError(pageId, deadlineMs)), deadlineMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
