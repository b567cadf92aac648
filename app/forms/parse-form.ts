import type { z } from "zod";
import { isMessageKey, type MessageKey } from "../i18n";

/**
 * The one way a route reads what a merchant submitted: a zod schema whose messages are catalogue keys,
 * parsed into the data or into one translatable message per field. A message that is not a key (a
 * library's own, or a domain rule's English text) becomes the field's fallback key, so a merchant never
 * sees an untranslated error; the route answers 400 with the errors and writes nothing.
 */
export type FieldErrors<Field extends string = string> = Partial<Record<Field | "form", MessageKey>>;

export type FormResult<T, Field extends string = string> = { ok: true; data: T } | { ok: false; errors: FieldErrors<Field> };

export interface ParseFormOptions<Field extends string> {
  /** the field an issue belongs to (default: the first string in its path, else "form") */
  fieldOf?: (path: readonly PropertyKey[]) => Field | "form";
  /** the message for a field whose issue carries no catalogue key (default: forms.errors.invalid) */
  fallback?: Partial<Record<Field | "form", MessageKey>>;
}

/** FormData → a plain object: one string per field, or every value of a field sent several times. */
export function formFields(formData: FormData): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const name of new Set(formData.keys())) {
    const values = formData.getAll(name).filter((value): value is string => typeof value === "string");
    fields[name] = values.length === 1 ? values[0] : values;
  }
  return fields;
}

export function parseForm<S extends z.ZodType, Field extends string = string>(
  schema: S,
  input: FormData | unknown,
  options: ParseFormOptions<Field> = {},
): FormResult<z.output<S>, Field> {
  const parsed = schema.safeParse(input instanceof FormData ? formFields(input) : input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors<Field> = {};
  for (const issue of parsed.error.issues) {
    const field = options.fieldOf
      ? options.fieldOf(issue.path)
      : ((issue.path.find((part) => typeof part === "string") as Field | undefined) ?? "form");
    if (errors[field]) continue;
    errors[field] = isMessageKey(issue.message)
      ? issue.message
      : (options.fallback?.[field] ?? (field === "form" ? "forms.errors.unreadable" : "forms.errors.invalid"));
  }
  return { ok: false, errors };
}
