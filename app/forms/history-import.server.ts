import { z } from "zod";
import { type ColumnMapping, IMPORT_FIELDS, PRESET_IDS } from "../domain/import/presets";

/** The largest upload the import page takes (KIZUNA_IMPORT_MAX_MB, default 200 MB). */
export function importMaxMegabytes(): number {
  const value = Number(process.env.KIZUNA_IMPORT_MAX_MB ?? 200);
  return Number.isFinite(value) && value > 0 ? value : 200;
}

/** The history import page's steps (check, import, remove): validated on the server only, so zod stays out of the page. */
export const stepForm = z.object({
  intent: z.enum(["check", "import", "remove"]),
  upload: z
    .string()
    .regex(/^[a-z0-9-]+\.csv$/)
    .optional(),
  fileName: z.string().max(300).optional(),
  preset: z.enum(PRESET_IDS).optional(),
  mapping: z.string().max(2000).optional(),
  batchId: z.coerce.number().int().positive().optional(),
});

/** The merchant's column choices (field → column indexes), or undefined when absent or malformed. */
export function parseMapping(text: string | undefined): ColumnMapping | undefined {
  if (!text) return undefined;
  const parsed = z
    .record(z.enum(IMPORT_FIELDS), z.array(z.number().int().nonnegative().max(500)).max(3))
    .safeParse(parseJson(text));
  return parsed.success ? parsed.data : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
