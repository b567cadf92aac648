import { z } from "zod";

/** The sync health page's buttons: replay a parked webhook, copy the store again, download an export. Server-only. */
export const syncActionForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("replay"), eventId: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("backfill") }),
  z.object({ intent: z.literal("download"), exportId: z.coerce.number().int().positive() }),
]);
