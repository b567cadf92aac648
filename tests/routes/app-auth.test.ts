import { describe, expect, it } from "vitest";
import { loader as dashboardLoader } from "../../app/routes/app._index";
import { loader as appLoader } from "../../app/routes/app";
import { sessionStorage } from "../../app/shopify.server";
import { BROWSER_USER_AGENT, TEST_APP } from "../support/env";
import { embeddedAdminRequest, offlineSession, TEST_SHOP } from "../support/shopify-requests";

async function callLoader<T>(loader: (args: { request: Request; params: {}; context: {} }) => Promise<T>, request: Request) {
  try {
    return { value: await loader({ request, params: {}, context: {} }) };
  } catch (thrown) {
    if (thrown instanceof Response) return { response: thrown };
    throw thrown;
  }
}

describe("embedded admin authentication", () => {
  it("renders the dashboard for an installed shop with a valid session token", async () => {
    await sessionStorage.storeSession(offlineSession());
    const result = await callLoader(dashboardLoader, await embeddedAdminRequest("/app"));
    expect(result.response).toBeUndefined();
    expect(result.value).toMatchObject({ customers: 0, orders: 0, lastSync: null });
  });

  it("follows the admin's locale", async () => {
    await sessionStorage.storeSession(offlineSession());
    const result = await callLoader(appLoader, await embeddedAdminRequest("/app?locale=ja"));
    expect(result.value).toMatchObject({ apiKey: TEST_APP.apiKey, locale: "ja" });
  });

  it("sends a request without a session token to the login flow, not into the app", async () => {
    const request = new Request(`${TEST_APP.appUrl}/app`, { headers: { "User-Agent": BROWSER_USER_AGENT } });
    const result = await callLoader(dashboardLoader, request);
    expect(result.value).toBeUndefined();
    expect(result.response?.status).toBe(302);
    expect(result.response?.headers.get("Location")).toContain("/auth/login");
  });

  it("refuses a session token signed with another secret", async () => {
    const { getJwt } = await import("@shopify/shopify-api/test-helpers");
    const { token } = await getJwt("kizuna-test", TEST_APP.apiKey, "not-the-app-secret");
    const request = new Request(`${TEST_APP.appUrl}/app?embedded=1&shop=${TEST_SHOP}&id_token=${token}`, {
      headers: { "User-Agent": BROWSER_USER_AGENT },
    });
    const result = await callLoader(dashboardLoader, request);
    expect(result.value).toBeUndefined();
    expect(result.response?.status).toBeGreaterThanOrEqual(300);
  });
});
