/**
 * Evaluates an expression in the top document's main world through the page's own DevTools session,
 * the value returned as JSON. Playwright's `page.evaluate` does the same in more steps: on the first
 * call in each new document it sends and compiles its utility script (some 10 KB of helpers), and it
 * calls through that script's `globalThis.eval` every time. A render asks a fresh document three or
 * four questions, so that was a large script sent and compiled per render, and every answer passed
 * through a function the page itself can replace. Here the expression is compiled by the engine
 * directly: one protocol message per question, nothing the page can patch in between.
 */
import type { CDPSession } from 'playwright-core';

/** What `Runtime.evaluate` answers (the fields read here). */
interface EvaluateResponse {
  result: { value?: unknown };
  exceptionDetails?: { text: string; exception?: { description?: string } };
}

/** The thrown exception or rejection, as an Error (message as the page's engine described it). */
export class PageEvaluationError extends Error {
  override readonly name = 'PageEvaluationError';
}

/**
 * The expression's value (awaited when it is a promise), as JSON would carry it. Rejects with a
 * PageEvaluationError when the expression throws, and with the protocol's own error when the
 * document went away mid-call ("Execution context was destroyed", "Inspected target navigated").
 */
export async function evaluateInPage<T>(cdp: CDPSession, expression: string): Promise<T> {
  const response = (await cdp.send('Runtime.evaluate', {
    expression,
    returnByValue: true,
    awaitPromise: true,
  })) as EvaluateResponse;
  if (response.exceptionDetails) {
    const { text, exception } = response.exceptionDetails;
    throw new PageEvaluationError(exception?.description ?? text);
  }
  return response.result.value as T;
}
