import type { BenchEstateOptions } from './bench-estate.ts';
import type { EstateSiteOrigin } from './estate-server.ts';
import type { EstateStatePatch } from './types.ts';

/**
 * Messages between a parent and the estate child process (over the fork IPC channel). Every request carries an
 * `id` that its reply echoes, so a reply can never be matched to the wrong request.
 */

export type EstateSpec = 'demo' | { bench: BenchEstateOptions };

export type EstateRequest =
  | { type: 'start'; id: number; estate: EstateSpec }
  | { type: 'set-state'; id: number; patch: EstateStatePatch }
  | { type: 'set-generation'; id: number; g: number }
  | { type: 'cpu-usage'; id: number }
  | { type: 'stop'; id: number };

export type EstateReply =
  | { type: 'ready'; id: number; sites: EstateSiteOrigin[]; urls: string[] }
  /** `changedUrls` answers set-generation; `cpu` answers cpu-usage (the child's own process.cpuUsage()). */
  | { type: 'ok'; id: number; changedUrls?: string[]; cpu?: NodeJS.CpuUsage }
  | { type: 'error'; id: number; message: string };

export function isEstateRequest(value: unknown): value is EstateRequest {
  if (typeof value !== 'object' || value === null) return false;
  const { type, id } = value as { type?: unknown; id?: unknown };
  return typeof id === 'number' && ['start', 'set-state', 'set-generation', 'cpu-usage', 'stop'].includes(String(type));
}

export function isEstateReply(value: unknown): value is EstateReply {
  if (typeof value !== 'object' || value === null) return false;
  const { type, id } = value as { type?: unknown; id?: unknown };
  return typeof id === 'number' && (type === 'ready' || type === 'ok' || type === 'error');
}
