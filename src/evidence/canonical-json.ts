/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, integers and strings as
 * JSON.stringify writes them. The same value always gives the same text, so a hash over the text is
 * a hash over the value, today and in any later version. Values that JSON cannot carry exactly
 * (undefined, NaN, functions, big or fractional numbers) are refused rather than silently changed.
 */
export class CanonicalJsonError extends TypeError {
  override name = 'CanonicalJsonError';
}

export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  try {
    write(value, out);
  } catch (err) {
    if (err instanceof Refusal) throw new CanonicalJsonError(`$${err.path.join('')}: ${err.reason}`);
    throw err;
  }
  return out.join('');
}

/**
 * A refused value on its way up: each level adds its key on the way out, so the path (`$.a[0]`) is
 * built only when something is refused, not for every value written (ledger entries are written per
 * changed page; issue 21).
 */
class Refusal extends Error {
  readonly path: string[] = [];
  constructor(readonly reason: string) {
    super(reason);
  }
}

function write(value: unknown, out: string[]): void {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    out.push(JSON.stringify(value));
    return;
  }
  if (typeof value === 'number') {
    // Integers only: float formatting is where JSON writers disagree.
    if (!Number.isSafeInteger(value)) throw new Refusal(`${value} is not a safe integer; store it as a string`);
    out.push(String(value));
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      within(i, value[i], out);
    }
    out.push(']');
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    out.push('{');
    entries.forEach(([key, item], i) => {
      if (i > 0) out.push(',');
      out.push(JSON.stringify(key), ':');
      within(key, item, out);
    });
    out.push('}');
    return;
  }
  throw new Refusal(`a ${typeof value} cannot be written as canonical JSON`);
}

/** Writes an array item (by index) or a property (by key); a refusal below it gets the step prefixed to its path. */
function within(key: number | string, value: unknown, out: string[]): void {
  try {
    write(value, out);
  } catch (err) {
    if (err instanceof Refusal) err.path.unshift(typeof key === 'number' ? `[${key}]` : `.${key}`);
    throw err;
  }
}
