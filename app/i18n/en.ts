/** English messages: the reference catalogue. Every key here must exist in ja.ts (the type enforces it). */
export const en = {
  "nav.dashboard": "Dashboard",
  "nav.customers": "Customers",
  "nav.segments": "Segments",
  "nav.loyalty": "Loyalty",
  "nav.campaigns": "Campaigns",
  "nav.points": "Points",
  "nav.settings": "Settings",
  "dashboard.title": "Dashboard",
  "dashboard.customers": "Customers",
  "dashboard.orders": "Orders",
  "dashboard.sync.title": "Store sync",
  "dashboard.sync.never": "Kizuna has not copied your store yet. The first sync starts right after install.",
  "dashboard.sync.running": "Copying your store: {phase}, {done} of {total}",
  "dashboard.sync.completed": "Store copied on {date}",
  "dashboard.sync.failed": "The last sync failed: {error}",
  "landing.title": "Kizuna — keep the customers you already won",
  "landing.text": "RFM segments, lifetime value, loyalty and points for your Shopify store.",
  "landing.shopDomain": "Shop domain",
  "landing.shopDomainHelp": "example.myshopify.com",
  "landing.login": "Log in",
} as const;

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;
