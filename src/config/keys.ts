import { z } from 'zod';
import { configSchema, FILE_ONLY_KEYS } from './schema.ts';

/** How a leaf is typed, which decides how an environment string is coerced. `file-only` keys have no variable. */
export type KeyKind = 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'list' | 'file-only';

export interface ConfigKey {
  /** Dotted path, e.g. `fetch.totalTimeoutMs`. */
  path: string;
  segments: readonly string[];
  kind: KeyKind;
  defaultValue: unknown;
  description: string;
  /** Allowed values of an enum key. */
  choices: readonly string[] | null;
}

/** Strips default/prefault/optional wrappers, keeping the outermost description and default. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; description: string | undefined; defaultValue: unknown } {
  let inner = schema;
  let description = schema.description;
  let defaultValue: unknown;
  for (;;) {
    if (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault) {
      defaultValue ??= inner.def.defaultValue;
      inner = inner.def.innerType as z.ZodType;
    } else if (inner instanceof z.ZodOptional) {
      inner = inner.def.innerType as z.ZodType;
    } else {
      break;
    }
    description ??= inner.description;
  }
  return { inner, description, defaultValue };
}

function leafKind(schema: z.ZodType, path: string): KeyKind {
  if (schema instanceof z.ZodString) return 'string';
  if (schema instanceof z.ZodNumber) return schema.isInt ? 'integer' : 'number';
  if (schema instanceof z.ZodBoolean) return 'boolean';
  if (schema instanceof z.ZodEnum) return 'enum';
  if (schema instanceof z.ZodArray && schema.element instanceof z.ZodString) return 'list';
  // A programming error in schema.ts: fail at import so no key goes undocumented or without a variable.
  throw new Error(`config key ${path}: unsupported schema type for the key table`);
}

function collect(schema: z.ZodType, segments: string[], out: ConfigKey[]): void {
  const { inner, description, defaultValue } = unwrap(schema);
  const path = segments.join('.');
  if (inner instanceof z.ZodObject && !FILE_ONLY_KEYS.includes(path)) {
    const shape: Record<string, z.ZodType> = inner.shape;
    for (const [key, child] of Object.entries(shape)) collect(child, [...segments, key], out);
    return;
  }
  if (description === undefined) throw new Error(`config key ${path} has no .describe() text`);
  const kind = FILE_ONLY_KEYS.includes(path) ? 'file-only' : leafKind(inner, path);
  const choices = inner instanceof z.ZodEnum ? (inner.options as string[]) : null;
  out.push({ path, segments, kind, defaultValue, description, choices });
}

function buildKeys(): readonly ConfigKey[] {
  const out: ConfigKey[] = [];
  collect(configSchema, [], out);
  return Object.freeze(out);
}

/** Every configuration key in schema order: the source for env variable names and the docs table. */
export const CONFIG_KEYS: readonly ConfigKey[] = buildKeys();

/** The keys an object at `segments` accepts (for "did you mean" hints); empty if that is not an object. */
export function knownKeysAt(segments: readonly (string | number)[]): string[] {
  let candidates: z.ZodType[] = [configSchema];
  for (const segment of segments) {
    const next: z.ZodType[] = [];
    for (const candidate of candidates) {
      const { inner } = unwrap(candidate);
      // Unions (a page is a URL string or an object) contribute every object branch.
      const options =
        inner instanceof z.ZodUnion ? (inner.options as z.ZodType[]).map((o) => unwrap(o).inner) : [inner];
      for (const option of options) {
        if (typeof segment === 'number' && option instanceof z.ZodArray) next.push(option.element as z.ZodType);
        if (typeof segment === 'string' && option instanceof z.ZodObject) {
          const child = (option.shape as Record<string, z.ZodType>)[segment];
          if (child !== undefined) next.push(child);
        }
      }
    }
    candidates = next;
  }
  const keys = new Set<string>();
  for (const candidate of candidates) {
    const { inner } = unwrap(candidate);
    const options = inner instanceof z.ZodUnion ? (inner.options as z.ZodType[]).map((o) => unwrap(o).inner) : [inner];
    for (const option of options)
      if (option instanceof z.ZodObject) for (const key of Object.keys(option.shape)) keys.add(key);
  }
  return [...keys];
}
