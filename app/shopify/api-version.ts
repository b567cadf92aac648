/** The Admin API version every document is written for; its schema is kept in app/shopify/schema. */
export const ADMIN_API_VERSION = "2026-07";
