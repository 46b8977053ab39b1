import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackInfo } from './stack-info.ts';

/** Where global setup leaves the running stack's addresses for the tests (under the ignored .tmp/). */
export const STACK_FILE = join(import.meta.dirname, '..', '..', '.tmp', 'e2e-stack.json');

export function readStack(): StackInfo {
  return JSON.parse(readFileSync(STACK_FILE, 'utf8')) as StackInfo;
}
