#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx: no build step, so `npx mamori` never runs stale code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
