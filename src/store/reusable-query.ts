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
export function reusableQuery<R, A extends unknown[]>(
  arity: number,
  build: (...args: A) => Compilable<R>,
): (...args: A) => CompiledQuery<R> {
  let compiled: CompiledQuery<R> | null = null;
  let slots: ({ arg: number } | { constant: unknown })[] = [];
  return (...args: A): CompiledQuery<R> => {
    if (args.length !== arity) throw new Error(`reusableQuery: ${args.length} arguments for ${arity}`);
    if (compiled === null) {
      const sentinels = Array.from({ length: arity }, (_, i) => Symbol(`arg${i}`));
      const sample = build(...(sentinels as unknown as A)).compile();
      slots = sample.parameters.map((p) => {
        const arg = sentinels.indexOf(p as symbol);
        return arg >= 0 ? { arg } : { constant: p };
      });
      const placed = new Set(slots.flatMap((s) => ('arg' in s ? [s.arg] : [])));
      // An argument the builder did not turn into a parameter would be silently ignored on later calls.
      if (placed.size !== arity) throw new Error('reusableQuery: an argument is not a parameter of the query');
      compiled = sample;
    }
    const parameters = slots.map((s) => ('arg' in s ? args[s.arg] : s.constant));
    return { ...compiled, parameters };
  };
}
