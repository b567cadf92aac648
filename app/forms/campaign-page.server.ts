import { z } from "zod";

/**
 * The campaign page's inputs: the `:id` in its URL and the status buttons' form. Server-only (a `.server`
 * module), so zod stays out of the page's browser bundle.
 */
export const campaignIdParam = z.coerce.number().int().positive();

export const campaignStatusForm = z.object({ intent: z.enum(["pause", "resume", "end"]) });
