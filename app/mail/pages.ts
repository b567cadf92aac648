import { type Locale, translator } from "../i18n";

/**
 * The small pages a customer sees after following a mail link through the storefront's app proxy: the
 * unsubscribe confirmation, its result, and the answer to a link that is not valid. Plain HTML with inline
 * styles (the app proxy serves it as is), every text from the i18n catalogue, every value escaped.
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

interface PageParts {
  locale: Locale;
  title: string;
  paragraphs: string[];
  /** an HTML form or link placed under the text (already escaped) */
  action?: string;
}

function page({ locale, title, paragraphs, action }: PageParts): string {
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
</head>
<body style="margin:0;padding:48px 16px;background:#f4f2ee;font-family:'Hiragino Sans',Meiryo,'Helvetica Neue',Arial,sans-serif;color:#2b2b2b;">
<main style="max-width:480px;margin:0 auto;background:#fff;padding:32px;border-radius:8px;line-height:1.8;">
<h1 style="font-size:20px;margin:0 0 16px 0;">${escapeHtml(title)}</h1>
${paragraphs.map((text) => `<p style="margin:0 0 16px 0;">${escapeHtml(text)}</p>`).join("\n")}
${action ?? ""}
</main>
</body>
</html>`;
}

const BUTTON_STYLE =
  "display:inline-block;background:#b5835a;color:#fff;border:0;border-radius:4px;padding:12px 28px;font-size:15px;font-weight:bold;cursor:pointer;text-decoration:none;";

/** GET: asks before anything changes (mail scanners open links; only the button, a POST, unsubscribes). */
export function unsubscribeConfirmPage(locale: Locale, shopName: string, formAction: string): string {
  const t = translator(locale);
  return page({
    locale,
    title: t("mail.unsubscribe.title", { shop: shopName }),
    paragraphs: [t("mail.unsubscribe.question", { shop: shopName }), t("mail.unsubscribe.note")],
    action: `<form method="post" action="${escapeHtml(formAction)}"><button type="submit" style="${BUTTON_STYLE}">${escapeHtml(
      t("mail.unsubscribe.button"),
    )}</button></form>`,
  });
}

export function unsubscribedPage(locale: Locale, shopName: string, shopUrl: string | null): string {
  const t = translator(locale);
  return page({
    locale,
    title: t("mail.unsubscribe.doneTitle"),
    paragraphs: [t("mail.unsubscribe.doneText", { shop: shopName })],
    action: shopUrl ? `<p><a href="${escapeHtml(shopUrl)}">${escapeHtml(t("mail.page.backToShop"))}</a></p>` : undefined,
  });
}

export function invalidLinkPage(locale: Locale): string {
  const t = translator(locale);
  return page({ locale, title: t("mail.link.invalidTitle"), paragraphs: [t("mail.link.invalidText")] });
}

export function goneLinkPage(locale: Locale): string {
  const t = translator(locale);
  return page({ locale, title: t("mail.link.goneTitle"), paragraphs: [t("mail.link.goneText")] });
}

export function htmlResponse(html: string, status = 200): Response {
  return new Response(html, {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "private, no-store",
      "Referrer-Policy": "no-referrer",
      "X-Robots-Tag": "noindex",
    },
  });
}
