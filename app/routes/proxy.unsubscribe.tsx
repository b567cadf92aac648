import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db/client.server";
import { findMailMessage, recordUnsubscribe } from "../db/mail.server";
import { resolveLocale } from "../i18n";
import { JobNames, jobQueue } from "../jobs/index.server";
import { invalidLinkResponse, mailLinkRequest } from "../journeys/mail-link-request.server";
import { verifyUnsubscribeLink } from "../mail/links";
import { goneLinkPage, htmlResponse, unsubscribeConfirmPage, unsubscribedPage } from "../mail/pages";

/**
 * /apps/kizuna/unsubscribe?m={outbox id}&t={signature}, the link in every marketing mail. GET asks (mail
 * scanners open links, so opening one changes nothing); POST — the page's button, or a mail provider's
 * RFC 8058 one-click `List-Unsubscribe=One-Click` — unsubscribes: suppression, message and store copy
 * marked, and Shopify's consent updated by the queued `mail.consent-update` job.
 */
async function verified(request: Request) {
  const link = await mailLinkRequest(db(), request);
  if (!link.ok) return link;
  const checked = verifyUnsubscribeLink(link.key, link.shop.domain, link.url.searchParams);
  if (!checked.ok) return { ok: false as const, response: invalidLinkResponse(link.locale, checked.reason) };
  const message = await findMailMessage(db(), link.shop, checked.outboxId);
  if (!message) return { ok: false as const, response: htmlResponse(goneLinkPage(link.locale), 404) };
  return { ...link, message, locale: resolveLocale(message.locale, link.locale) };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const link = await verified(request);
  if (!link.ok) return link.response;
  const shopName = link.shop.name || link.shop.domain;
  if (link.message.unsubscribedAt) return htmlResponse(unsubscribedPage(link.locale, shopName, "/"));
  const query = new URLSearchParams({ m: link.url.searchParams.get("m") ?? "", t: link.url.searchParams.get("t") ?? "" });
  return htmlResponse(unsubscribeConfirmPage(link.locale, shopName, `${link.pathPrefix}/unsubscribe?${query}`));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return new Response(null, { status: 405, headers: { Allow: "GET, POST" } });
  const link = await verified(request);
  if (!link.ok) return link.response;
  const outcome = await recordUnsubscribe(db(), link.shop, link.message.id, new Date());
  if (!outcome) return htmlResponse(goneLinkPage(link.locale), 404);
  // Queued on every unsubscribe POST, not only the first: a second click retries an enqueue that failed.
  await jobQueue().enqueue(
    JobNames.mailConsentUpdate,
    { shopId: link.shop.id, customerId: String(outcome.customerId) },
    { shopId: link.shop.id, singletonKey: `mail.consent-update:${link.shop.id}:${outcome.customerId}` },
  );
  return htmlResponse(unsubscribedPage(link.locale, link.shop.name || link.shop.domain, "/"));
};
