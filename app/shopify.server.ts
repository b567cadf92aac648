import "@shopify/shopify-app-remix/adapters/node";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { config } from "./config.server";
import { db } from "./db/client.server";
import { secretBox } from "./db/encryption.server";
import { EncryptedSessionStorage } from "./db/session-storage.server";
import { routeAdminCallsToEmulator } from "./shopify/admin-origin.server";
import type { ADMIN_API_VERSION } from "./shopify/api-version";
import { onShopInstalled } from "./sync/install.server";

/** The one Admin API version Kizuna speaks: the newest the library supports (schema in app/shopify/schema). */
export const API_VERSION = ApiVersion.July26 satisfies `${typeof ADMIN_API_VERSION}`;

const settings = config();
routeAdminCallsToEmulator(settings.SHOPIFY_ADMIN_ORIGIN);

const shopify = shopifyApp({
  apiKey: settings.SHOPIFY_API_KEY,
  apiSecretKey: settings.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: settings.scopes,
  appUrl: settings.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  // Access tokens are sealed at rest (decision 011).
  sessionStorage: new EncryptedSessionStorage(new PrismaSessionStorage(db()), secretBox()),
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
  },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      await onShopInstalled(db(), session.shop, admin.graphql);
    },
  },
  ...(settings.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [settings.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
