/**
 * Bounded `IN (…)` lists. A query whose parameter list grows with the data fails once a shop has real
 * history: SQLite refuses a statement past its bound-parameter limit (32766 in current builds, 999 in older
 * ones) and Prisma refuses one past the adapter's limit with P2029. Every list of ids sent to the
 * database is cut into chunks of at most IN_LIST_MAX, so a statement binds IN_LIST_MAX + a few values at most.
 * See docs/decisions/009-push-pipeline-storefront-budget-bounded-queries.md.
 */
export const IN_LIST_MAX = 500;

export function inChunks<T>(values: readonly T[], size = IN_LIST_MAX): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`Chunk size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
  return chunks;
}

/** Runs `query` once per chunk of `values`, one after another, and concatenates the rows. */
export async function findInChunks<T, R>(
  values: readonly T[],
  query: (chunk: T[]) => Promise<R[]>,
  size = IN_LIST_MAX,
): Promise<R[]> {
  const rows: R[] = [];
  for (const chunk of inChunks(values, size)) rows.push(...(await query(chunk)));
  return rows;
}
