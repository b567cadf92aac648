import type { ActionFunctionArgs } from "@remix-run/node";
import { config } from "../config.server";
import { db } from "../db/client.server";
import { handleFlowAction } from "../flow/actions.server";
import { jobQueue } from "../jobs/index.server";
import { kizunaNow } from "../lib/clock.server";

/** The Shopify Flow action of extensions/kizuna-flow-award-points, signed by Shopify (app/flow/actions.server). */
export const action = ({ request }: ActionFunctionArgs) =>
  handleFlowAction(request, "award-points", {
    client: db(),
    secret: config().SHOPIFY_API_SECRET,
    queue: jobQueue(),
    now: kizunaNow(),
  });

export const loader = () => Response.json({ error: "Flow actions are POST requests" }, { status: 405 });
