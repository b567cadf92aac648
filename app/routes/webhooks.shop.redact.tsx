import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhookRequest } from "../sync/webhook-route.server";

export const action = ({ request }: ActionFunctionArgs) => handleWebhookRequest(request, "shop/redact");
