/**
 * The subset of Shopify's search syntax (`query:` argument) the app relies on:
 * `updated_at:>'2025-01-01T00:00:00Z'`, `>=`, `<`, `<=`, `=`-style `field:value`, quoted or unquoted values,
 * `-field:value` negation, terms joined by whitespace or `AND`, and `OR` between terms.
 * Unknown fields are ignored (and reported) instead of failing, as Shopify treats them as free text.
 */

export type Comparator = ":" | ">" | ">=" | "<" | "<=";

export interface SearchTerm {
  field: string;
  op: Comparator;
  value: string;
  negated: boolean;
}

/** Disjunction of conjunctions: `a b OR c` → [[a, b], [c]]. */
export type SearchQuery = SearchTerm[][];

const TOKEN = /\s*(?:(OR|AND)(?=\s|$)|(-)?([A-Za-z_][A-Za-z0-9_.]*):(>=|<=|>|<)?\s*(?:'([^']*)'|"([^"]*)"|([^\s]+))|(\S+))/y;

export function parseSearchQuery(query: string | null | undefined): SearchQuery {
  const groups: SearchQuery = [[]];
  if (!query) return [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < query.length) {
    const match = TOKEN.exec(query);
    if (!match) break;
    if (match[1] === "OR") {
      groups.push([]);
      continue;
    }
    if (match[1] === "AND") continue;
    if (match[3]) {
      const op = (match[4] ?? ":") as Comparator;
      const value = match[5] ?? match[6] ?? match[7] ?? "";
      groups[groups.length - 1].push({ field: match[3].toLowerCase(), op, value, negated: match[2] === "-" });
    } else if (match[8]?.trim()) {
      groups[groups.length - 1].push({ field: "default", op: ":", value: match[8].replace(/^['"]|['"]$/g, ""), negated: false });
    }
    if (/^\s*$/.test(query.slice(TOKEN.lastIndex))) break;
  }
  return groups.filter((group) => group.length > 0);
}

/** How a resource exposes a searchable field: a date (epoch ms), a number, a string, or a list of strings. */
export type SearchField<T> =
  | { kind: "date"; get: (item: T) => number | null }
  | { kind: "number"; get: (item: T) => number | null }
  | { kind: "string"; get: (item: T) => string | null }
  | { kind: "list"; get: (item: T) => string[] };

function parseDateValue(value: string): number | null {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? null : ms;
}

function compare(a: number, op: Comparator, b: number): boolean {
  switch (op) {
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    default:
      return a === b;
  }
}

function matchTerm<T>(item: T, term: SearchTerm, field: SearchField<T>): boolean {
  let result: boolean;
  switch (field.kind) {
    case "date": {
      const value = field.get(item);
      const bound = parseDateValue(term.value);
      result = value != null && bound != null && compare(value, term.op, bound);
      break;
    }
    case "number": {
      const value = field.get(item);
      const bound = Number(term.value.replace(/^gid:\/\/shopify\/\w+\//, ""));
      result = value != null && !Number.isNaN(bound) && compare(value, term.op, bound);
      break;
    }
    case "string": {
      const value = field.get(item);
      if (term.value === "*") result = value != null && value !== "";
      else if (term.value.endsWith("*")) result = value?.toLowerCase().startsWith(term.value.slice(0, -1).toLowerCase()) === true;
      else result = value != null && value.toLowerCase() === term.value.toLowerCase();
      break;
    }
    case "list": {
      const wanted = term.value.toLowerCase();
      result = field.get(item).some((entry) => entry.toLowerCase() === wanted);
      break;
    }
  }
  return term.negated ? !result : result;
}

/** Builds a predicate for `query`; unknown fields are passed to `onUnknown` and then ignored. */
export function searchPredicate<T>(
  query: string | null | undefined,
  fields: Record<string, SearchField<T>>,
  onUnknown: (field: string) => void,
): ((item: T) => boolean) | null {
  const parsed = parseSearchQuery(query);
  if (parsed.length === 0) return null;
  const usable = parsed.map((group) =>
    group.filter((term) => {
      if (fields[term.field]) return true;
      onUnknown(term.field);
      return false;
    }),
  );
  if (usable.every((group) => group.length === 0)) return null;
  return (item: T) => usable.some((group) => group.every((term) => matchTerm(item, term, fields[term.field])));
}
