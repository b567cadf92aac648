/**
 * The channels a journey's send step can use (decision 025): kept apart from the zod definitions so the journey
 * editor page can list them without shipping zod to the browser.
 */
export const SEND_CHANNELS = ["email", "line", "line-else-email"] as const;
export type SendChannel = (typeof SEND_CHANNELS)[number];
