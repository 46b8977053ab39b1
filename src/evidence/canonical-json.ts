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
  write(value, out, '$');
  return out.join('');
}

function write(value: unknown, out: string[], path: string): void {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    out.push(JSON.stringify(value));
    return;
  }
  if (typeof value === 'number') {
    // Integers only: float formatting is where JSON writers disagree.
    if (!Number.isSafeInteger(value))
      throw new CanonicalJsonError(`${path}: ${value} is not a safe integer; store it as a string`);
    out.push(String(value));
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item, i) => {
      if (i > 0) out.push(',');
      write(item, out, `${path}[${i}]`);
    });
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
      write(item, out, `${path}.${key}`);
    });
    out.push('}');
    return;
  }
  throw new CanonicalJsonError(`${path}: a ${typeof value} cannot be written as canonical JSON`);
}
