import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db/client.server";
import { storefrontPoints } from "../points/customer-points.server";
import { loadPointsProgram } from "../points/program.server";
import { authenticateProxyRequest, proxyJson } from "../points/proxy.server";

/** GET /apps/kizuna/points: the logged-in customer's balance, tier, progress and last 20 movements. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const auth = await authenticateProxyRequest(db(), request);
  if (!auth.ok) return auth.response;
  if (auth.customerId === null) return proxyJson({ guest: true });
  const { settings } = await loadPointsProgram(db(), auth.shop);
  if (!settings.enabled) return proxyJson({ enabled: false });
  return proxyJson({ enabled: true, ...(await storefrontPoints(db(), auth.shop, auth.customerId, settings)) });
};

export const action = async () => proxyJson({ error: "Use GET." }, 405);
