import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { db } from "../db/client.server";
import { journeyTextPreview } from "../forms/journey-detail.server";
import { requireShop } from "../require-shop.server";

/**
 * The text editor's live preview (a resource route): POST the edited subject, preheader and body with the
 * message key and language; the answer is the rendered mail for the sample customer, or the Liquid errors.
 */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const { status, result } = await journeyTextPreview(db(), shop, params, await request.formData());
  return json(result, { status });
};
