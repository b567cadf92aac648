import { GraphQLError } from "graphql";

/** Relay pagination as the Admin API does it: opaque cursors, first/last/after/before, reverse, max 250. */

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface SortSpec<T> {
  /** the sort key's value for an item; ties are broken by id like Shopify's cursors */
  value: (item: T) => number | string;
  id: (item: T) => number;
}

export interface Page<T> {
  items: T[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export const MAX_PAGE_SIZE = 250;

interface CursorPayload {
  last_id: number;
  last_value: number | string;
}

export function encodeCursor(id: number, value: number | string): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: value } satisfies CursorPayload)).toString("base64");
}

function decodeCursor(cursor: string, argName: string): CursorPayload {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as CursorPayload;
    if (typeof parsed.last_id === "number" && parsed.last_value !== undefined) return parsed;
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, {
    extensions: { code: "BAD_REQUEST", argumentName: argName },
  });
}

function compareKeys(a: [number | string, number], b: [number | string, number]): number {
  if (a[0] < b[0]) return -1;
  if (a[0] > b[0]) return 1;
  return a[1] - b[1];
}

export function checkPageArgs(args: ConnectionArgs): void {
  if (args.first == null && args.last == null) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  }
  for (const name of ["first", "last"] as const) {
    const value = args[name];
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`The value of the argument \`${name}\` must be between 0 and ${MAX_PAGE_SIZE}.`, {
        extensions: { code: "BAD_REQUEST", argumentName: name },
      });
    }
  }
}

/**
 * Sorts `items` by the sort key (then id), applies reverse, the cursors, then first/last.
 * `unbounded` (bulk operations) returns every item and does not require first/last.
 */
export function paginate<T>(items: T[], args: ConnectionArgs, sort: SortSpec<T>, unbounded = false): Page<T> {
  if (!unbounded) checkPageArgs(args);
  const keyed = items.map((item) => ({ item, key: [sort.value(item), sort.id(item)] as [number | string, number] }));
  const direction = args.reverse ? -1 : 1;
  keyed.sort((a, b) => direction * compareKeys(a.key, b.key));
  let start = 0;
  let end = keyed.length;
  if (args.after) {
    const c = decodeCursor(args.after, "after");
    const key: [number | string, number] = [c.last_value, c.last_id];
    while (start < end && direction * compareKeys(keyed[start].key, key) <= 0) start++;
  }
  if (args.before) {
    const c = decodeCursor(args.before, "before");
    const key: [number | string, number] = [c.last_value, c.last_id];
    let stop = start;
    while (stop < end && direction * compareKeys(keyed[stop].key, key) < 0) stop++;
    end = stop;
  }
  if (!unbounded) {
    if (args.first != null && end - start > args.first) end = start + args.first;
    if (args.last != null && end - start > args.last) start = end - args.last;
  }
  const slice = keyed.slice(start, end);
  return {
    items: slice.map((entry) => entry.item),
    cursors: slice.map((entry) => encodeCursor(entry.key[1], entry.key[0])),
    hasNextPage: end < keyed.length,
    hasPreviousPage: start > 0,
  };
}

/** The GraphQL shape of a connection page. */
export function connectionView<T, V>(page: Page<T>, toView: (item: T) => V) {
  const nodes = page.items.map(toView);
  return {
    edges: nodes.map((node, index) => ({ cursor: page.cursors[index], node })),
    nodes,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.cursors[0] ?? null,
      endCursor: page.cursors[page.cursors.length - 1] ?? null,
    },
  };
}
