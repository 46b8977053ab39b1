import { createHash } from 'node:crypto';

/**
 * The digest by which a baseline knows an inline script (`core/known-scripts.ts`): SHA-256, so that
 * no page can craft an injected script that passes for a known one and inherits its harmless facts.
 * Core may not hash so (it imports no node:crypto); the analysis layer hands this function in.
 */
export function sha256Digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
