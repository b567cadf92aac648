import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db/client.server";
import { jobQueue } from "../jobs/index.server";
import { kizunaNow } from "../lib/clock.server";
import { receiveLineWebhook } from "../line/intake.server";

/** POST /webhooks/line/<shop>.myshopify.com: the shop's LINE channel webhook (app/line/intake.server). */
export const action = ({ request, params }: ActionFunctionArgs) =>
  receiveLineWebhook(db(), request, params.shop ?? "", { queue: jobQueue(), now: kizunaNow() });

export const loader = () => Response.json({ error: "LINE sends webhooks with POST." }, { status: 405 });
