/** `--name value` flags for benchmarks, with numeric defaults. */
export function numberFlag(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(argv[i + 1]);
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
  return value;
}

export function hasFlag(argv: string[], name: string): boolean {
  return argv.includes(`--${name}`);
}

/** `--name 2,3` flags: a comma-separated list of numbers. */
export function numberListFlag(argv: string[], name: string, fallback: number[]): number[] {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const values = (argv[i + 1] ?? '').split(',').map(Number);
  if (!values.every((v) => Number.isInteger(v) && v > 0))
    throw new Error(`--${name} needs whole numbers separated by commas`);
  return values;
}
