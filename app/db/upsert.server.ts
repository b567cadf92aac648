import { type Db, dialectOf } from "./client.server";

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

export async function upsertRows(client: Db, spec: UpsertSpec, rows: Record<string, Cell>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const dialect = dialectOf(client);
  const columns = Object.keys(rows[0]);
  const quote = (name: string) => `"${name}"`;
  const bind = (value: Cell): unknown => {
    if (value instanceof Date) return dialect === "sqlite" ? value.getTime() : value;
    if (typeof value === "boolean" && dialect === "sqlite") return value ? 1 : 0;
    return value;
  };
  const setClause = spec.update
    .map((column) => `${quote(column)} = ${spec.updateExpressions?.[column] ?? `excluded.${quote(column)}`}`)
    .join(", ");
  const conflict = spec.update.length ? `DO UPDATE SET ${setClause}${spec.when ? ` WHERE ${spec.when}` : ""}` : "DO NOTHING";
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
