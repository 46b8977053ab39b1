import type { Check, CheckRecord, EstateStore } from '../store/types.ts';

interface Pending {
  record: CheckRecord;
  resolve: (check: Check) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for check results: checks finishing in the same turn of the event loop are written in
 * one transaction. Under load this turns one commit per check into one per batch, which on SQLite is
 * most of the storage cost of an unchanged page. Each caller still gets its own stored row (or error).
 */
export class CheckWriter {
  private batch: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly store: EstateStore,
    private readonly maxBatch = 64,
  ) {}

  write(record: CheckRecord): Promise<Check> {
    return new Promise<Check>((resolve, reject) => {
      this.batch.push({ record, resolve, reject });
      if (this.batch.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const items = this.batch;
    this.batch = [];
    if (items.length === 0) return;
    this.store.recordChecks(items.map((i) => i.record)).then(
      (checks) => items.forEach((item, n) => item.resolve(checks[n]!)),
      (error: unknown) => items.forEach((item) => item.reject(error)),
    );
  }
}
