import type { Compilable, CompiledQuery } from 'kysely';

/**
 * A query built and compiled once, then run many times with new arguments. Kysely builds an operation
 * tree and compiles it to SQL on every execution: for the few statements every check runs, that cost
 * more CPU than the database took to run them (issue 21). The first call builds the query with one
 * unique symbol per argument and notes where each landed among the compiled parameters (constants the
 * builder added stay as they are); later calls only put their arguments in those places.
 *
 * Use it only for queries whose shape does not depend on the arguments (no optional clauses, no lists
 * of varying length): the SQL text must be the same for every call.
 */
export interface ReusableQuery<R, A extends unknown[]> {
  (...args: A): CompiledQuery<R>;
  /** The same, the arguments given as an array (the hot callers build one anyway: no second copy). */
  withArgs(args: Readonly<A>): CompiledQuery<R>;
}

export function reusableQuery<R, A extends unknown[]>(
  arity: number,
  build: (...args: A) => Compilable<R>,
): ReusableQuery<R, A> {
  let compiled: CompiledQuery<R> | null = null;
  // Per compiled parameter: the argument's index, or -1 for a constant the builder added (in `constants`).
  let argAt: number[] = [];
  let constants: unknown[] = [];
  const withArgs = (args: Readonly<A>): CompiledQuery<R> => {
    if (args.length !== arity) throw new Error(`reusableQuery: ${args.length} arguments for ${arity}`);
    if (compiled === null) {
      const sentinels = Array.from({ length: arity }, (_, i) => Symbol(`arg${i}`));
      const sample = build(...(sentinels as unknown as A)).compile();
      argAt = sample.parameters.map((p) => sentinels.indexOf(p as symbol));
      constants = sample.parameters.map((p, i) => (argAt[i]! < 0 ? p : undefined));
      const placed = new Set(argAt.filter((a) => a >= 0));
      // An argument the builder did not turn into a parameter would be silently ignored on later calls.
      if (placed.size !== arity) throw new Error('reusableQuery: an argument is not a parameter of the query');
      compiled = sample;
    }
    // A loop, not a map with a closure: this runs for every statement of every check.
    const parameters: unknown[] = new Array(argAt.length);
    for (let i = 0; i < argAt.length; i++) {
      const at = argAt[i]!;
      parameters[i] = at >= 0 ? args[at] : constants[i];
    }
    return { ...compiled, parameters };
  };
  const query = (...args: A): CompiledQuery<R> => withArgs(args);
  query.withArgs = withArgs;
  return query;
}
