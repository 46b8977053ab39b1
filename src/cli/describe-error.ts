import { QueueUnavailableError } from '../queue/errors.ts';
import { StoreError } from '../store/errors.ts';

/** One line for an error that reached the top of a command: the store's errors already say what to do. */
export function describeError(error: unknown): string {
  if (error instanceof StoreError || error instanceof QueueUnavailableError) return error.message;
  if (error instanceof Error)
    return `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`;
  return String(error);
}
