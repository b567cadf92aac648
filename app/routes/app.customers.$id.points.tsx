import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { db } from "../db/client.server";
import { parseCustomerId } from "../forms/customer-id";
import { adjustCustomerPoints } from "../points/customer-points.server";
import { requireShop } from "../require-shop.server";

/** POST from PointsLedgerCard: a staff adjustment of the customer's points (points, reason, adjustmentId). */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, shop } = await requireShop(request);
  const customerId = parseCustomerId(params.id);
  if (!customerId.ok) return json({ ok: false as const, errors: { form: customerId.error } }, { status: 404 });
  const form = await request.formData();
  const result = await adjustCustomerPoints(db(), shop, {
    customerId: customerId.id,
    values: Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === "string")),
    staffId: session.onlineAccessInfo?.associated_user?.id ? String(session.onlineAccessInfo.associated_user.id) : null,
  });
  return json(result, { status: result.ok ? 200 : 422 });
};
