import { type PathSegment } from './diagnostic.ts';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Layers `top` over `base`: plain objects merge key by key, anything else (arrays included) replaces,
 * and `undefined` means "not set here" so an absent CLI flag never clobbers a file value.
 */
export function deepMerge(base: unknown, top: unknown): unknown {
  if (top === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(top)) return top;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(top)) {
    // defineProperty, not assignment: a `__proto__` key from a file must stay a plain (and then rejected) key.
    Object.defineProperty(out, key, {
      value: deepMerge(base[key], value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * Whether `layer` supplied the value at `segments` (or replaced an ancestor of it with a non-object),
 * i.e. whether a problem found there is this layer's doing.
 */
export function layerHas(layer: unknown, segments: readonly PathSegment[]): boolean {
  let node = layer;
  for (const segment of segments) {
    if (node === undefined) return false;
    if (typeof node !== 'object' || node === null) return true;
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return node !== undefined;
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
