/**
 * Deterministic STIX identifiers: UUIDv5 (RFC 9562, SHA-1 name-based) under a Mamori namespace and
 * the row's own key, so exporting the same rows twice yields the same ids and a consumer (a TIP, a
 * SIEM) updates its copy instead of growing duplicates.
 */
import { createHash } from 'node:crypto';

/** Mamori's namespace for SDO/SRO ids (itself UUIDv5 of "mamori" under the RFC 9562 URL namespace, fixed once). */
export const MAMORI_NAMESPACE = 'b3f0c7a2-5d1e-5f3a-9a6e-2c4d8e1f7a90';
/** The namespace STIX 2.1 (section 2.9) fixes for SCO ids derived from their id-contributing properties. */
export const SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`namespace ${namespace} is not a UUID`);
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An SDO/SRO id from a Mamori row key such as `incident:42`. */
export function stixId(type: string, key: string): string {
  return `${type}--${uuidV5(`${type}/${key}`, MAMORI_NAMESPACE)}`;
}

/**
 * An SCO id as the spec derives it: UUIDv5 of the canonical JSON of its id-contributing properties,
 * so two producers that see the same URL give it the same id.
 */
export function scoId(type: string, contributing: Record<string, string>): string {
  const keys = Object.keys(contributing).sort();
  const canonical = `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(contributing[k])}`).join(',')}}`;
  return `${type}--${uuidV5(canonical, SCO_NAMESPACE)}`;
}

/** STIX timestamps: UTC, millisecond precision (created/modified must carry milliseconds). */
export function stixTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
