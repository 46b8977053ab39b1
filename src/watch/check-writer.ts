import type { Check, CheckRecord, EstateStore } from '../store/types.ts';

interface Pending {
  record: CheckRecord;
  resolve: (check: Check) => void;
  reject: (error: unknown) => void;
}

export interface CheckWriterOptions {
  /** Most checks in one transaction. */
  maxBatch?: number;
  /** Longest a written check waits for others to join its group before the group is committed. */
  maxWaitMs?: number;
}

/** One check's place with the writer, from its start to its write (or to its end without one). */
export interface WriteSlot {
  /** Stores the check with its group; resolves once the group's transaction has committed. */
  write(record: CheckRecord): Promise<Check>;
  /** The check ends without writing (it failed, or its page is gone): its group need not wait for it. */
  release(): void;
}

/**
 * A group of up to 8 checks costs a third of what 8 single commits cost on SQLite (the commit and its
 * WAL frames are most of an unchanged check's storage: bench/store-checks.ts), so a group waits a
 * little for checks still running to join it. Half the checks in flight at most wait, so fetching
 * never stalls on the writer.
 */
const DEFAULT_MAX_WAIT_MS = 10;

/**
 * Group commit for check results: checks that finish close together are written in one transaction.
 * Each caller still gets its own stored row (or error), and only once its group has committed: a
 * check is acknowledged exactly when it is durable, however long its group waited.
 *
 * A group is committed as soon as as many checks wait in it as are still running (every running
 * check has a slot, `reserve`): then at least half the checks in flight are fetching, and a lone
 * check (a test, a manual check, a quiet estate) is written at once. Otherwise it is committed after
 * `maxWaitMs`, or when it holds `maxBatch` checks.
 */
export class CheckWriter {
  readonly #store: EstateStore;
  readonly #maxBatch: number;
  readonly #maxWaitMs: number;
  #batch: Pending[] = [];
  #timer: NodeJS.Timeout | null = null;
  /** Checks that hold a slot and have not written yet. */
  #running = 0;

  constructor(store: EstateStore, options: CheckWriterOptions = {}) {
    this.#store = store;
    this.#maxBatch = options.maxBatch ?? 64;
    this.#maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  }

  /** A check has started: its group may wait for it. Release the slot if the check ends without a write. */
  reserve(): WriteSlot {
    this.#running += 1;
    return new Slot(this);
  }

  /** Writes without a slot: no group waits for a check that never announced itself. */
  write(record: CheckRecord): Promise<Check> {
    return this.#join(record);
  }

  /** @internal A slot's check writes: it stops running as it joins the group, in one step. */
  submit(record: CheckRecord): Promise<Check> {
    this.#running -= 1;
    return this.#join(record);
  }

  /** @internal A slot's check ended without a write. */
  leave(): void {
    this.#running -= 1;
    if (this.#batch.length > 0) this.#decide();
  }

  #join(record: CheckRecord): Promise<Check> {
    return new Promise<Check>((resolve, reject) => {
      this.#batch.push({ record, resolve, reject });
      this.#decide();
    });
  }

  #decide(): void {
    if (this.#batch.length >= this.#maxBatch || this.#batch.length >= this.#running) {
      this.#flush();
      return;
    }
    if (this.#timer === null) {
      this.#timer = setTimeout(() => this.#flush(), this.#maxWaitMs);
    }
  }

  #flush(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    const items = this.#batch;
    this.#batch = [];
    if (items.length === 0) return;
    this.#store.recordChecks(items.map((i) => i.record)).then(
      (checks) => {
        for (let n = 0; n < items.length; n++) items[n]!.resolve(checks[n]!);
      },
      (error: unknown) => {
        for (const item of items) item.reject(error);
      },
    );
  }
}

/** A class, not a closure per check: nothing is defined (and named, under esbuild's keepNames) per check. */
class Slot implements WriteSlot {
  #writer: CheckWriter | null;

  constructor(writer: CheckWriter) {
    this.#writer = writer;
  }

  write(record: CheckRecord): Promise<Check> {
    return this.#take().submit(record);
  }

  release(): void {
    if (this.#writer !== null) this.#take().leave();
  }

  #take(): CheckWriter {
    const writer = this.#writer;
    if (writer === null) throw new Error('This check has already written or released its slot');
    this.#writer = null;
    return writer;
  }
}
