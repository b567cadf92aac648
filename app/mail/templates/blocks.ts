import type { MailLocale } from "../context";

/**
 * Pieces the message bodies share, in Liquid. Every link goes through `| track` (the signed click
 * redirect); every value is escaped by the engine (outputEscape "escape").
 */
export function button(label: string, href = "{{ shop.url | track }}"): string {
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td class="button-cell"><a class="button" href="${href}">${label}</a></td></tr></table>`;
}

/** The shop's discount URL applies the code at checkout by itself (https://{shop}/discount/{code}). */
export const DISCOUNT_LINK = "{{ shop.url | append: '/discount/' | append: discount.url_code | track }}";

const CODE_BOX: Record<MailLocale, string> = {
  ja: `{% if discount %}<table role="presentation" class="code-box" cellpadding="0" cellspacing="0" border="0"><tr><td>
<p class="code-label">{{ discount.value_label }}クーポンコード</p>
<p class="code-value">{{ discount.code }}</p>
{% if discount.ends_on %}<p class="code-note">有効期限：{{ discount.ends_on }}まで</p>{% endif %}
<p class="code-note">ご購入手続きの際にコードをご入力ください（お一人様1回限り）。</p>
</td></tr></table>{% endif %}`,
  en: `{% if discount %}<table role="presentation" class="code-box" cellpadding="0" cellspacing="0" border="0"><tr><td>
<p class="code-label">Your code for {{ discount.value_label }}</p>
<p class="code-value">{{ discount.code }}</p>
{% if discount.ends_on %}<p class="code-note">Valid until {{ discount.ends_on }}</p>{% endif %}
<p class="code-note">Enter it at checkout. It can be used once.</p>
</td></tr></table>{% endif %}`,
};

export function codeBox(locale: MailLocale): string {
  return CODE_BOX[locale];
}

/**
 * The recommended product (bought together with the customer's last order, else the best seller): image,
 * title, price and a button, all linking to the product. Left out entirely when there is none, and the image
 * cell is left out when the product has no image.
 */
export function productBlock(heading: string, buttonLabel: string): string {
  return `{% if recommended_product %}<h2>${heading}</h2>
<table role="presentation" class="product" cellpadding="0" cellspacing="0" border="0"><tr>
{% if recommended_product.image_url %}<td width="136"><a href="{{ recommended_product.url | track }}"><img src="{{ recommended_product.image_url }}" alt="{{ recommended_product.title }}" width="120"></a></td>{% endif %}
<td><p class="product-name"><a class="product-title" href="{{ recommended_product.url | track }}">{{ recommended_product.title }}</a></p>
{% if recommended_product.price %}<p class="product-price">{{ recommended_product.price }}</p>{% endif %}
<a class="product-button" href="{{ recommended_product.url | track }}">${buttonLabel}</a></td>
</tr></table>{% endif %}`;
}
