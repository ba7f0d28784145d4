// A `sql` tagged template: values become bound parameters, never string-concatenated SQL.
//   db.all(sql`SELECT * FROM orders WHERE tid = ${tid}`)
import type Database from 'better-sqlite3';
import { ApiError } from '../app/errors.js';
import { WriteGate } from './gate.js';

export interface Sql {
  readonly text: string;
  readonly params: unknown[];
}

const SQL = Symbol('sql');
interface SqlFragment extends Sql {
  readonly [SQL]: true;
}

function isFragment(v: unknown): v is SqlFragment {
  return typeof v === 'object' && v !== null && (v as SqlFragment)[SQL] === true;
}

/** Builds a parameterised statement. Nested `sql` fragments are spliced in with their parameters. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  let text = strings[0]!;
  const params: unknown[] = [];
  values.forEach((v, i) => {
    if (isFragment(v)) {
      text += v.text;
      params.push(...v.params);
    } else {
      text += '?';
      params.push(typeof v === 'boolean' ? (v ? 1 : 0) : v);
    }
    text += strings[i + 1]!;
  });
  return { text, params, [SQL]: true };
}

/** Raw SQL text (an identifier or keyword chosen by code, never by input). */
sql.raw = (text: string): SqlFragment => ({ text, params: [], [SQL]: true });

/** Joins fragments with a separator: `sql.join(conds, ' AND ')`. */
sql.join = (parts: SqlFragment[], sep: string): SqlFragment => {
  const text = parts.map((p) => p.text).join(sep);
  return { text, params: parts.flatMap((p) => p.params), [SQL]: true };
};

/** Bound values as a comma-separated list, for `IN (…)`: `sql\`tid IN (${sql.list(tids)})\``. */
sql.list = (values: readonly unknown[]): SqlFragment =>
  sql.join(
    values.map((v) => sql`${v}`),
    ', ',
  );

/** A thin wrapper that caches prepared statements by text. */
export class Db {
  private readonly cache = new Map<string, Database.Statement>();
  /** Closed while a file import writes in its worker (see gate.ts). */
  readonly gate = new WriteGate();
  constructor(readonly raw: Database.Database) {}

  prepare(text: string, rawRows = false): Database.Statement {
    const key = rawRows ? `raw\u0000${text}` : text;
    let st = this.cache.get(key);
    if (!st) {
      st = this.raw.prepare(text);
      if (rawRows) st.raw(true);
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(key, st);
    }
    return st;
  }

  all<T>(q: Sql): T[] {
    return this.prepare(q.text).all(...q.params) as T[];
  }

  /** Rows as arrays (no per-row objects): for the hot paths that read tens of thousands of rows. */
  rows<T extends unknown[]>(q: Sql): T[] {
    return this.prepare(q.text, true).all(...q.params) as T[];
  }

  get<T>(q: Sql): T | undefined {
    return this.prepare(q.text).get(...q.params) as T | undefined;
  }

  run(q: Sql): Database.RunResult {
    return this.prepare(q.text).run(...q.params);
  }

  /**
   * Runs fn while another connection (an import's worker) writes: the gate is closed for fn's whole run, and
   * this connection's busy_timeout is 0 meanwhile, so a write that slips through fails at once instead of
   * blocking the event loop on the worker's lock. The timeout is put back after (unless the store was closed).
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.gate.exclusive(async () => {
      const timeout = this.raw.pragma('busy_timeout', { simple: true }) as number;
      this.raw.pragma('busy_timeout = 0');
      try {
        return await fn();
      } finally {
        if (this.raw.open) this.raw.pragma(`busy_timeout = ${timeout}`);
      }
    });
  }

  /** Runs fn in one IMMEDIATE transaction (nested calls become savepoints). */
  tx<T>(fn: () => T): T {
    if (this.gate.closed && !this.raw.inTransaction) throw new ImportInProgressError();
    return this.raw.transaction(fn).immediate();
  }

  close(): void {
    this.cache.clear();
    this.raw.close();
  }
}

/** A write attempted on the main connection while an import holds the database (the gate should have queued it). */
export class ImportInProgressError extends ApiError {
  constructor() {
    super(503, 'import_in_progress', '正在写入导入的文件,请稍后再试 an import is being written; try again in a moment');
  }
}
