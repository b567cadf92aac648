import type { MailLocale } from "../context";

/**
 * The shared layout every message is rendered into: a 600-pixel table with the shop's name on top, the
 * message, and a footer saying why the customer gets it and how to stop it. Styles are written once in the
 * <style> block and inlined into each element by juice after rendering (mail clients drop <style> and
 * external CSS); the table layout is what Outlook and Gmail render reliably. The body's Liquid is put in place of {{ content }} before rendering.
 */
export const LAYOUT_STYLES = `
  body { margin: 0; padding: 0; background-color: #f4f2ee; -webkit-text-size-adjust: 100%; }
  .outer { background-color: #f4f2ee; }
  .container { width: 600px; max-width: 600px; background-color: #ffffff; border-collapse: collapse; }
  .header { padding: 24px 32px; border-bottom: 1px solid #e6e1d8; text-align: center; }
  .shop-name { color: #2b2b2b; font-size: 20px; font-weight: bold; text-decoration: none; letter-spacing: 0.05em; }
  .content { padding: 32px; color: #2b2b2b; font-size: 15px; line-height: 1.8; font-family: "Hiragino Sans", "Hiragino Kaku Gothic ProN", Meiryo, "Helvetica Neue", Arial, sans-serif; }
  .content p { margin: 0 0 16px 0; }
  .content h2 { margin: 28px 0 12px 0; font-size: 17px; color: #2b2b2b; border-left: 4px solid #b5835a; padding-left: 10px; }
  .content ul { margin: 0 0 16px 0; padding-left: 20px; }
  .content li { margin: 0 0 8px 0; }
  .content a { color: #8a5a33; }
  .button-cell { padding: 8px 0 24px 0; text-align: center; }
  a.button { display: inline-block; background-color: #b5835a; color: #ffffff; font-size: 15px; font-weight: bold; text-decoration: none; padding: 14px 32px; border-radius: 4px; }
  .code-box { width: 100%; border: 2px dashed #b5835a; background-color: #fbf7f2; border-collapse: collapse; margin: 8px 0 20px 0; }
  .code-box td { padding: 20px; text-align: center; }
  p.code-label { font-size: 14px; color: #5c5c5c; margin: 0 0 8px 0; }
  p.code-value { font-size: 24px; font-weight: bold; letter-spacing: 0.12em; color: #2b2b2b; margin: 0 0 8px 0; font-family: Menlo, Consolas, monospace; }
  p.code-note { font-size: 13px; color: #5c5c5c; margin: 0; }
  .facts { width: 100%; border-collapse: collapse; margin: 8px 0 20px 0; }
  .facts th { text-align: left; font-weight: normal; color: #5c5c5c; padding: 10px 12px; border-bottom: 1px solid #e6e1d8; font-size: 14px; }
  .facts td { text-align: right; font-weight: bold; padding: 10px 12px; border-bottom: 1px solid #e6e1d8; font-size: 15px; }
  .product { width: 100%; border: 1px solid #e6e1d8; border-collapse: collapse; margin: 8px 0 20px 0; }
  .product td { padding: 16px; vertical-align: middle; }
  .product img { display: block; border: 0; width: 120px; height: auto; }
  .product-title { font-size: 15px; font-weight: bold; color: #2b2b2b; text-decoration: none; }
  p.product-name { margin: 0 0 6px 0; }
  p.product-price { margin: 0 0 12px 0; font-size: 15px; color: #2b2b2b; }
  a.product-button { display: inline-block; background-color: #ffffff; color: #8a5a33; border: 1px solid #b5835a; font-size: 14px; text-decoration: none; padding: 8px 20px; border-radius: 4px; }
  .footer { padding: 24px 32px; background-color: #f9f7f3; color: #7a7a7a; font-size: 12px; line-height: 1.7; font-family: "Hiragino Sans", Meiryo, "Helvetica Neue", Arial, sans-serif; }
  .footer p { margin: 0 0 8px 0; }
  .footer a { color: #7a7a7a; text-decoration: underline; }
  .preheader { display: none; max-height: 0; overflow: hidden; mso-hide: all; font-size: 1px; line-height: 1px; color: #ffffff; }
`;

const FOOTER: Record<MailLocale, string> = {
  ja: `
      <p>このメールは、{{ shop.name }}でお買い物をされ、メールでのご案内の受け取りにご同意いただいたお客様にお送りしています。</p>
      {% if unsubscribe_url %}<p>今後のメール配信をご希望でない場合は、<a href="{{ unsubscribe_url }}">こちら</a>から配信を停止いただけます。</p>{% endif %}
      <p>{{ shop.name }}<br><a href="{{ shop.url | track }}">{{ shop.url }}</a></p>`,
  en: `
      <p>You're receiving this email because you shopped at {{ shop.name }} and agreed to receive emails from us.</p>
      {% if unsubscribe_url %}<p>No longer want these emails? <a href="{{ unsubscribe_url }}">Unsubscribe</a>.</p>{% endif %}
      <p>{{ shop.name }}<br><a href="{{ shop.url | track }}">{{ shop.url }}</a></p>`,
};

export function layoutTemplate(locale: MailLocale): string {
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<title>{{ subject }}</title>
<style>${LAYOUT_STYLES}</style>
</head>
<body>
<div class="preheader">{{ preheader }}</div>
<table role="presentation" class="outer" width="100%" cellpadding="0" cellspacing="0" border="0">
  <tr>
    <td align="center" style="padding: 24px 0;">
      <table role="presentation" class="container" width="600" cellpadding="0" cellspacing="0" border="0">
        <tr><td class="header"><a class="shop-name" href="{{ shop.url | track }}">{{ shop.name }}</a></td></tr>
        <tr><td class="content">{{ content }}</td></tr>
        <tr><td class="footer">${FOOTER[locale]}
        </td></tr>
      </table>
    </td>
  </tr>
</table>
</body>
</html>`;
}
