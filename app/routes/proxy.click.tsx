import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db/client.server";
import { recordClick } from "../db/mail.server";
import { invalidLinkResponse, mailLinkRequest } from "../journeys/mail-link-request.server";
import { verifyClickLink } from "../mail/links";

/**
 * /apps/kizuna/click?m={outbox id}&u={target}&t={signature}: counts the click on the message and sends the
 * customer on. Only a target signed for this shop and message is followed, so the route is no open
 * redirect; a forged or altered link gets a page saying so and is not counted.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const link = await mailLinkRequest(db(), request);
  if (!link.ok) return link.response;
  const checked = verifyClickLink(link.key, link.shop.domain, link.url.searchParams);
  if (!checked.ok) return invalidLinkResponse(link.locale, checked.reason);
  // A message erased since (a redacted customer) is not counted; the signed target is still where the link goes.
  await recordClick(db(), link.shop, checked.outboxId, new Date());
  return new Response(null, {
    status: 302,
    headers: { Location: checked.target, "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" },
  });
};
