/**
 * Starts the e2e stack (demo estate, hostile site, Mamori serving the built dashboard) and hands its
 * addresses to the tests through a file. The returned function is the teardown.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { STACK_FILE } from './support/stack-file.ts';
import { startStack } from './support/start-stack.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(import.meta.dirname, '..', 'web', 'dist', 'index.html')))
    throw new Error('the dashboard is not built: run `npm run build:web` first');
  const stack = await startStack();
  mkdirSync(dirname(STACK_FILE), { recursive: true });
  writeFileSync(STACK_FILE, JSON.stringify(stack.info));
  return async () => {
    await stack.stop();
    rmSync(STACK_FILE, { force: true });
  };
}
