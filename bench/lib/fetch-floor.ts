import { createHash } from 'node:crypto';
import { Agent, request } from 'undici';
import { measure, type Phase } from './measure.ts';

/**
 * The fetch floor of an unchanged check: a bare undici GET of each page and a SHA-256 of its body, at
 * the given concurrency, with keep-alive connections. Nothing is decoded, stored or compared: no
 * monitor can check a page for less, so bench:watch reads Mamori's unchanged check against it.
 */
export async function fetchFloor(urls: string[], concurrency: number, passes: number): Promise<Phase> {
  const dispatcher = new Agent({ connections: 8, pipelining: 1 });
  const one = async (url: string): Promise<void> => {
    const res = await request(url, { dispatcher });
    const hash = createHash('sha256');
    for await (const chunk of res.body) hash.update(chunk as Buffer);
    if (hash.digest('hex').length !== 64 || res.statusCode !== 200)
      throw new Error(`floor: ${url} answered ${res.statusCode}`);
  };
  const pass = async (): Promise<void> => {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < urls.length) await one(urls[next++]!);
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
  };
  await pass(); // connections opened and code warm, as Mamori's learning passes leave it
  const phase = await measure(async () => {
    for (let i = 0; i < passes; i++) await pass();
  });
  await dispatcher.close();
  return { wallMs: phase.wallMs / passes, cpuMs: phase.cpuMs / passes };
}
