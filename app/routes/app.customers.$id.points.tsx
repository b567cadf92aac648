import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { db } from "../db/client.server";
import { ensureShop } from "../db/shops.server";
import { adjustCustomerPoints } from "../points/customer-points.server";
import { authenticate } from "../shopify.server";

/** POST from PointsLedgerCard: a staff adjustment of the customer's points (points, reason, adjustmentId). */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await ensureShop(db(), session.shop);
  if (!params.id || !/^\d{1,20}$/.test(params.id)) {
    return json({ ok: false as const, errors: { form: "This customer id is not valid." } }, { status: 404 });
  }
  const form = await request.formData();
  const result = await adjustCustomerPoints(db(), shop, {
    customerId: BigInt(params.id),
    values: Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === "string")),
    staffId: session.onlineAccessInfo?.associated_user?.id ? String(session.onlineAccessInfo.associated_user.id) : null,
  });
  return json(result, { status: result.ok ? 200 : 422 });
};
