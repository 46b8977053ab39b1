/** Resolves with the first SIGINT or SIGTERM: how long-running commands learn it is time to stop cleanly. */
export function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => resolve(s));
  });
}
