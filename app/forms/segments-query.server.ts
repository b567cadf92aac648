import { z } from "zod";
import { RFM_SEGMENT_KEYS } from "../domain/rfm/segments";

/** The segments page's query (?segment=&from=&to=), anything unreadable ignored. Server-only. */
export const segmentsQuery = z.object({
  segment: z.enum(RFM_SEGMENT_KEYS).optional().catch(undefined),
  from: z.coerce.number().int().positive().optional().catch(undefined),
  to: z.coerce.number().int().positive().optional().catch(undefined),
});
