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

function sqliteWriter(url: string): SqliteWriter {
  const existing = writers.get(url);
  if (existing) return existing;
  const database = new Database(url.replace(/^file:/, ""), { timeout: 10_000 });
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  database.defaultSafeIntegers(false);
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
