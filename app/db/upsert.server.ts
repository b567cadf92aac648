import Database from "better-sqlite3";
import { type Db, dialectOf, urlOf } from "./client.server";

/**
 * Multi-row INSERT … ON CONFLICT for the sync pipeline, which writes tens of thousands of rows a second:
 * one statement per batch instead of one Prisma call per row. The SQL is the same on SQLite and PostgreSQL
 * but for placeholders and how times are bound (SQLite stores them as epoch milliseconds, see client.server.ts).
 */
export type Cell = string | number | bigint | boolean | Date | null;

export interface UpsertSpec {
  table: string;
  /** the conflict target, e.g. ["shopId", "id"] */
  key: string[];
  /** columns overwritten on conflict; empty = keep the existing row (DO NOTHING) */
  update: string[];
  /** only overwrite when this SQL condition holds, e.g. a version check; `excluded` is the incoming row */
  when?: string;
  /** per-column SQL for the update instead of plain `excluded.col` */
  updateExpressions?: Record<string, string>;
}

// Stay under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement.
const MAX_PARAMETERS = 30_000;

const quote = (name: string) => `"${name}"`;

function conflictClause(spec: UpsertSpec): string {
  const setClause = spec.update
    .map((column) => `${quote(column)} = ${spec.updateExpressions?.[column] ?? `excluded.${quote(column)}`}`)
    .join(", ");
  return spec.update.length ? `DO UPDATE SET ${setClause}${spec.when ? ` WHERE ${spec.when}` : ""}` : "DO NOTHING";
}

export async function upsertRows(client: Db, spec: UpsertSpec, rows: Record<string, Cell>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const dialect = dialectOf(client);
  const columns = Object.keys(rows[0]);
  const bind = bindFor(dialect);
  const conflict = conflictClause(spec);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  let written = 0;
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const slots = columns.map((column) => {
        params.push(bind(row[column] ?? null));
        return dialect === "sqlite" ? "?" : `$${params.length}`;
      });
      return `(${slots.join(", ")})`;
    });
    const sql =
      `INSERT INTO ${quote(spec.table)} (${columns.map(quote).join(", ")}) VALUES ${tuples.join(", ")} ` +
      `ON CONFLICT (${spec.key.map(quote).join(", ")}) ${conflict}`;
    written += await client.$executeRawUnsafe(sql, ...params);
  }
  return written;
}

export interface UpsertBatch {
  spec: UpsertSpec;
  rows: Record<string, Cell>[];
  /** statements run right after the rows, in the same transaction (e.g. blanking what a redaction forbids) */
  afterRows?: RawStatement[];
}

/** A hand-written statement with `?` placeholders, bound the same way as upsert cells. */
export interface RawStatement {
  sql: string;
  params: Cell[];
}

function bindFor(dialect: "sqlite" | "postgresql") {
  return (value: Cell | undefined): unknown => {
    if (value === undefined || value === null) return null;
    if (value instanceof Date) return dialect === "sqlite" ? value.getTime() : value;
    if (typeof value === "boolean" && dialect === "sqlite") return value ? 1 : 0;
    return value;
  };
}

/** Runs statements in order on the client (a transaction client keeps them in its transaction). */
export async function runStatements(client: Db, statements: RawStatement[]): Promise<number> {
  const dialect = dialectOf(client);
  const bind = bindFor(dialect);
  let changed = 0;
  for (const statement of statements) {
    let index = 0;
    const sql = dialect === "sqlite" ? statement.sql : statement.sql.replace(/\?/g, () => `$${++index}`);
    changed += await client.$executeRawUnsafe(sql, ...statement.params.map(bind));
  }
  return changed;
}

/**
 * Several upserts in one transaction, as fast as the database allows: on SQLite a direct better-sqlite3
 * connection with one cached prepared statement per shape (about 4× faster than large multi-row statements
 * through the driver adapter, which re-prepares and re-serialises every batch); on PostgreSQL a Prisma
 * transaction of multi-row statements.
 */
export async function upsertBatches(client: Db, batches: UpsertBatch[]): Promise<number> {
  const url = urlOf(client);
  if (dialectOf(client) === "sqlite" && url) return sqliteWriter(url).write(batches);
  return client.$transaction(async (tx) => {
    let written = 0;
    for (const batch of batches) {
      written += await upsertRows(tx as Db, batch.spec, batch.rows);
      if (batch.rows.length > 0) await runStatements(tx as Db, batch.afterRows ?? []);
    }
    return written;
  });
}

interface SqliteWriter {
  write(batches: UpsertBatch[]): number;
}

const writers = new Map<string, SqliteWriter>();
const connections = new Map<string, { database: Database.Database; prepared: (sql: string) => Database.Statement }>();

/** The process's direct better-sqlite3 connection to an SQLite file, with its prepared statements cached by SQL. */
function sqliteConnection(url: string) {
  const existing = connections.get(url);
  if (existing) return existing;
  const database = new Database(url.replace(/^file:/, ""), { timeout: 10_000 });
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  database.defaultSafeIntegers(false);
  const cache = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = database.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  const connection = { database, prepared };
  connections.set(url, connection);
  return connection;
}

/**
 * One step of a SQL program: a statement with `?` placeholders. The program receives the rows of a statement
 * that returns rows (SELECT, RETURNING) and the number of changed rows of any other.
 */
export interface SqlStep {
  sql: string;
  params: Cell[];
}
export type SqlRow = Record<string, unknown>;
export type SqlProgram<T> = Generator<SqlStep, T, SqlRow[] | number>;

const RETURNS_ROWS = /^\s*(SELECT|WITH)\b|\bRETURNING\b/i;

/**
 * Runs a program of statements in one transaction. On SQLite (a root client) the whole program runs
 * synchronously on the direct connection with cached prepared statements: the write lock is held only while
 * the CPU works through it, never across an await, so intake's writer in the same process is never stuck
 * behind it. On PostgreSQL (or a client without a URL) it is a Prisma transaction, one round trip a step.
 * Values come back as the driver gives them: compare times with `epochMs` and ids with `BigInt(…)`.
 */
export async function runSqlProgram<T>(client: Db, program: () => SqlProgram<T>): Promise<T> {
  const dialect = dialectOf(client);
  const url = urlOf(client);
  const bind = bindFor(dialect);
  if (dialect === "sqlite" && url) {
    const { database, prepared } = sqliteConnection(url);
    return database.transaction(() => {
      const steps = program();
      let next = steps.next();
      while (!next.done) {
        const statement = prepared(next.value.sql);
        const params = next.value.params.map(bind) as unknown[];
        next = steps.next(statement.reader ? (statement.all(params) as SqlRow[]) : statement.run(params).changes);
      }
      return next.value;
    })();
  }
  return client.$transaction(
    async (tx) => {
      const steps = program();
      let next = steps.next();
      while (!next.done) {
        const { sql, params } = next.value;
        let index = 0;
        const text = dialect === "sqlite" ? sql : sql.replace(/\?/g, () => `$${++index}`);
        const bound = params.map(bind);
        next = steps.next(
          RETURNS_ROWS.test(sql)
            ? await (tx as Db).$queryRawUnsafe<SqlRow[]>(text, ...bound)
            : await (tx as Db).$executeRawUnsafe(text, ...bound),
        );
      }
      return next.value;
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
}

/** A time as a driver returns it (a Date, or epoch milliseconds on SQLite) in epoch milliseconds. */
export function epochMs(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string" && !/^\d+$/.test(value)) return new Date(value).getTime();
  return Number(value);
}

/**
 * The steps of a multi-row versioned upsert (see `upsertRows`), optionally returning columns of the rows it
 * inserted or updated. SQLite takes one row a statement (one cached prepared statement, the fastest there);
 * PostgreSQL as many rows as fit in a statement.
 */
export function* upsertSteps(
  dialect: "sqlite" | "postgresql",
  spec: UpsertSpec,
  rows: Record<string, Cell>[],
  returning: string[] = [],
): Generator<SqlStep, SqlRow[], SqlRow[] | number> {
  const returned: SqlRow[] = [];
  if (rows.length === 0) return returned;
  const columns = Object.keys(rows[0]);
  const perStatement = dialect === "sqlite" ? 1 : Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  const tail =
    `ON CONFLICT (${spec.key.map(quote).join(", ")}) ${conflictClause(spec)}` +
    (returning.length ? ` RETURNING ${returning.map(quote).join(", ")}` : "");
  const head = `INSERT INTO ${quote(spec.table)} (${columns.map(quote).join(", ")}) VALUES `;
  const sqlFor = new Map<number, string>();
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement);
    const params: Cell[] = [];
    for (const row of batch) for (const column of columns) params.push(row[column] ?? null);
    let sql = sqlFor.get(batch.length);
    if (!sql) {
      sql = `${head}${batch.map(() => tuple).join(", ")} ${tail}`;
      sqlFor.set(batch.length, sql);
    }
    const result = yield { sql, params };
    if (returning.length && Array.isArray(result)) returned.push(...result);
  }
  return returned;
}

function sqliteWriter(url: string): SqliteWriter {
  const existing = writers.get(url);
  if (existing) return existing;
  const { database } = sqliteConnection(url);
  const statements = new Map<string, Database.Statement>();
  const statementFor = (spec: UpsertSpec, columns: string[]) => {
    const key = `${spec.table}|${columns.join(",")}|${JSON.stringify(spec)}`;
    let statement = statements.get(key);
    if (!statement) {
      statement = database.prepare(
        `INSERT INTO ${quote(spec.table)} (${columns.map(quote).join(", ")}) VALUES (${columns.map(() => "?").join(", ")}) ` +
          `ON CONFLICT (${spec.key.map(quote).join(", ")}) ${conflictClause(spec)}`,
      );
      statements.set(key, statement);
    }
    return statement;
  };
  const rawStatements = new Map<string, Database.Statement>();
  const rawStatement = (sql: string) => {
    let statement = rawStatements.get(sql);
    if (!statement) {
      statement = database.prepare(sql);
      rawStatements.set(sql, statement);
    }
    return statement;
  };
  const bind = (value: Cell | undefined): string | number | bigint | null => {
    if (value === undefined || value === null) return null;
    if (value instanceof Date) return value.getTime();
    if (typeof value === "boolean") return value ? 1 : 0;
    return value;
  };
  const run = database.transaction((batches: UpsertBatch[]) => {
    let written = 0;
    for (const { spec, rows, afterRows } of batches) {
      if (rows.length === 0) continue;
      const columns = Object.keys(rows[0]);
      const statement = statementFor(spec, columns);
      const values = new Array<string | number | bigint | null>(columns.length);
      for (const row of rows) {
        for (let i = 0; i < columns.length; i++) values[i] = bind(row[columns[i]]);
        written += statement.run(values).changes;
      }
      for (const raw of afterRows ?? []) rawStatement(raw.sql).run(raw.params.map(bind));
    }
    return written;
  });
  const writer = { write: (batches: UpsertBatch[]) => run(batches) };
  writers.set(url, writer);
  return writer;
}

/**
 * Inserts rows that are not there yet (INSERT … ON CONFLICT DO NOTHING), all in one transaction, and says for
 * each row whether it was written. A row whose key repeats an earlier row of the same call is not written.
 */
export async function insertIfAbsent(client: Db, table: string, key: string[], rows: Record<string, Cell>[]): Promise<boolean[]> {
  const keyOf = (row: Record<string, unknown>) => key.map((column) => String(row[column])).join("\u0000");
  const firstOfKey = new Map<string, number>();
  rows.forEach((row, index) => {
    if (!firstOfKey.has(keyOf(row))) firstOfKey.set(keyOf(row), index);
  });
  const distinct = [...firstOfKey.values()].map((index) => rows[index]);
  const dialect = dialectOf(client);
  const returned = await runSqlProgram(client, () => upsertSteps(dialect, { table, key, update: [] }, distinct, key));
  const written = new Set(returned.map(keyOf));
  return rows.map((row, index) => firstOfKey.get(keyOf(row)) === index && written.has(keyOf(row)));
}
