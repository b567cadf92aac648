import type { MailLocale } from "../context";
import { button, codeBox, DISCOUNT_LINK, productBlock } from "./blocks";

/**
 * The built-in message templates, in Liquid, one Japanese and one English version of each key. Variables:
 * customer.name (山田 花子 様 / お客様; Hanako / there), customer.full_name, shop.name, shop.url,
 * discount.code / value_label / ends_on, points.balance / tier / expiring / expires_on, recommended_product.title /
 * url / image_url / price (`product` is the same), unsubscribe_url. Links go through `| track`.
 */
export interface MessageTemplate {
  subject: string;
  /** the line mail clients show after the subject */
  preheader: string;
  /** the message body (HTML in Liquid), rendered into the shared layout */
  body: string;
}

export const messageTemplateKeys = [
  "followup-1-reassure",
  "followup-2-expectation",
  "followup-3-trust",
  "followup-4-loyal",
  "birthday",
  "win-back",
  "future-loyal",
  "points-expiring",
] as const;

export type MessageTemplateKey = (typeof messageTemplateKeys)[number];

export function isMessageTemplateKey(key: string): key is MessageTemplateKey {
  return (messageTemplateKeys as readonly string[]).includes(key);
}

const ja: Record<MessageTemplateKey, MessageTemplate> = {
  "followup-1-reassure": {
    subject: "【{{ shop.name }}】このたびはお買い上げいただき、誠にありがとうございます",
    preheader: "お届けした商品を安心してお使いいただくためのご案内です。",
    body: `<p>{{ customer.name }}</p>
<p>このたびは{{ shop.name }}をご利用いただき、誠にありがとうございます。<br>数あるショップの中から当店をお選びいただきましたこと、心より感謝申し上げます。</p>
<p>お選びいただいた商品は、多くのお客様からご好評をいただいている自信の品です。お手元に届いた商品を安心してお使いいただけるよう、はじめに知っておいていただきたいことをお届けいたします。</p>
<h2>はじめにご確認ください</h2>
<ul>
<li>商品が届きましたら、破損や不足がないかご確認ください。</li>
<li>使い方やお手入れの方法は、商品ページにも詳しく掲載しております。</li>
<li>ご不明な点がございましたら、このメールにご返信ください。担当者よりご案内いたします。</li>
</ul>
${button("ショップを見る")}
<p>今後とも{{ shop.name }}をどうぞよろしくお願いいたします。</p>`,
  },
  "followup-2-expectation": {
    subject: "【{{ shop.name }}】商品の使い心地はいかがですか？もっと楽しむためのヒントをお届けします",
    preheader: "毎日の暮らしで、商品をもっと活かしていただくためのヒントです。",
    body: `<p>{{ customer.name }}</p>
<p>先日は{{ shop.name }}でお買い上げいただき、ありがとうございました。<br>商品がお手元に届いてしばらく経ちましたが、使い心地はいかがでしょうか。</p>
<p>今回は、お使いいただいている商品をもっと楽しんでいただくためのヒントをご紹介いたします。</p>
<h2>長く快適にお使いいただくために</h2>
<ul>
<li>毎日少しずつ使い続けていただくことで、本来の良さを実感していただけます。</li>
<li>正しいお手入れで、より長くお使いいただけます。お手入れの方法は商品ページでご確認いただけます。</li>
<li>使ってみて気づいたことがございましたら、ぜひお聞かせください。今後の商品づくりの参考にさせていただきます。</li>
</ul>
${productBlock("あわせてお使いいただくのもおすすめです", "商品を見る")}
${button("ショップを見る")}
<p>引き続き、{{ shop.name }}をどうぞよろしくお願いいたします。</p>`,
  },
  "followup-3-trust": {
    subject: "【{{ shop.name }}】私たちがものづくりで大切にしていること",
    preheader: "{{ shop.name }}の想いと、暮らしに役立つ情報をお届けします。",
    body: `<p>{{ customer.name }}</p>
<p>いつも{{ shop.name }}をご愛顧いただき、誠にありがとうございます。<br>今回は少しだけ、私たちのことをお話しさせてください。</p>
<h2>{{ shop.name }}が大切にしていること</h2>
<p>私たちは「毎日の暮らしを少し豊かにするものを、長く使える品質でお届けしたい」という想いでショップを営んでおります。素材選びから仕上げまで一つひとつ丁寧に確かめ、自信を持ってお届けできるものだけを取り扱っております。</p>
<h2>お役立ち情報</h2>
<p>季節ごとのお手入れ方法や、スタッフおすすめの使い方をショップで定期的にご紹介しております。お時間のあるときに、ぜひのぞいてみてください。</p>
${productBlock("前回のお買い物とあわせて選ばれている商品", "商品を見る")}
${button("ショップで詳しく見る")}
<p>これからもお客様に長く愛されるショップであり続けられるよう、努めてまいります。</p>`,
  },
  "followup-4-loyal": {
    subject: "【{{ shop.name }}】日頃の感謝を込めて、特別クーポンをお届けします",
    preheader: "次回のお買い物でお使いいただける、{{ customer.name }}だけのクーポンです。",
    body: `<p>{{ customer.name }}</p>
<p>いつも{{ shop.name }}をご利用いただき、誠にありがとうございます。</p>
<p>初めてのお買い物からしばらく経ちましたが、その後も商品をご愛用いただけておりましたら幸いです。日頃の感謝の気持ちを込めて、次回のお買い物でお使いいただける特別クーポンをご用意いたしました。</p>
${codeBox("ja")}
${productBlock("{{ customer.name }}へのおすすめ", "商品を見る")}
{% if discount %}${button("クーポンを使ってお買い物する", DISCOUNT_LINK)}{% else %}${button("ショップを見る")}{% endif %}
<p>またのご来店を、スタッフ一同心よりお待ちしております。</p>`,
  },
  birthday: {
    subject: "【{{ shop.name }}】{{ customer.name }}、お誕生日おめでとうございます",
    preheader: "{{ shop.name }}から、ささやかなお誕生日の贈り物をお届けします。",
    body: `<p>{{ customer.name }}</p>
<p>お誕生日おめでとうございます。<br>{{ shop.name }}スタッフ一同、心よりお祝い申し上げます。素敵な一年になりますように。</p>
{% if discount %}<p>ささやかではございますが、日頃の感謝を込めてバースデークーポンをお贈りいたします。</p>
${codeBox("ja")}
${button("クーポンを使ってお買い物する", DISCOUNT_LINK)}
{% elsif points %}<p>ささやかではございますが、日頃の感謝を込めてバースデーポイントをお贈りいたしました。</p>
<table role="presentation" class="facts" cellpadding="0" cellspacing="0" border="0">
<tr><th>現在のポイント残高</th><td>{{ points.balance }}ポイント</td></tr>
{% if points.tier %}<tr><th>会員ランク</th><td>{{ points.tier }}</td></tr>{% endif %}
</table>
${button("ポイントを使ってお買い物する")}
{% else %}${button("ショップを見る")}{% endif %}
<p>これからも{{ shop.name }}をどうぞよろしくお願いいたします。</p>`,
  },
  "win-back": {
    subject: "【{{ shop.name }}】お久しぶりです。ご愛顧感謝のクーポンをお届けします",
    preheader: "新しい商品も入荷しております。この機会にぜひお立ち寄りください。",
    body: `<p>{{ customer.name }}</p>
<p>ご無沙汰しております。{{ shop.name }}です。<br>前回のお買い物から少し時間が経ちましたが、お変わりなくお過ごしでしょうか。</p>
<p>この間に、新しい商品も入荷しております。久しぶりにショップをのぞいていただけるよう、{{ customer.name }}に特別なクーポンをご用意いたしました。</p>
${codeBox("ja")}
${productBlock("{{ customer.name }}へのおすすめ", "商品を見る")}
{% if discount %}${button("クーポンを使ってお買い物する", DISCOUNT_LINK)}{% else %}${button("ショップを見る")}{% endif %}
<p>またお会いできることを、心よりお待ちしております。</p>`,
  },
  "future-loyal": {
    subject: "【{{ shop.name }}】いつもありがとうございます。会員特典のご案内",
    preheader: "お買い物のたびに貯まるポイントと、ランクに応じた特典をご紹介します。",
    body: `<p>{{ customer.name }}</p>
<p>いつも{{ shop.name }}をご利用いただき、誠にありがとうございます。<br>くり返しお買い物いただいている{{ customer.name }}に、会員特典のご案内をお届けいたします。</p>
{% if points %}<table role="presentation" class="facts" cellpadding="0" cellspacing="0" border="0">
<tr><th>現在のポイント残高</th><td>{{ points.balance }}ポイント</td></tr>
{% if points.tier %}<tr><th>会員ランク</th><td>{{ points.tier }}</td></tr>{% endif %}
</table>{% endif %}
<p>お買い物のたびにポイントが貯まり、会員ランクが上がるほど特典も充実いたします。次回のお買い物でも、ぜひポイントをお役立てください。</p>
${codeBox("ja")}
${productBlock("{{ customer.name }}へのおすすめ", "商品を見る")}
${button("会員特典を見る")}
<p>今後とも{{ shop.name }}をどうぞよろしくお願いいたします。</p>`,
  },
  "points-expiring": {
    subject: "【{{ shop.name }}】{{ points.expiring }}ポイントの有効期限が近づいています",
    preheader: "{{ points.expires_on }}に失効するポイントがございます。",
    body: `<p>{{ customer.name }}</p>
<p>いつも{{ shop.name }}をご利用いただき、ありがとうございます。<br>お持ちのポイントの一部が、まもなく有効期限を迎えますのでお知らせいたします。</p>
<table role="presentation" class="facts" cellpadding="0" cellspacing="0" border="0">
<tr><th>現在のポイント残高</th><td>{{ points.balance }}ポイント</td></tr>
<tr><th>失効予定のポイント</th><td>{{ points.expiring }}ポイント</td></tr>
<tr><th>有効期限</th><td>{{ points.expires_on }}</td></tr>
</table>
<p>有効期限を過ぎると、ポイントは失効いたします。この機会に、ぜひお買い物にお役立てください。</p>
${button("ポイントを使ってお買い物する")}
<p>今後とも{{ shop.name }}をどうぞよろしくお願いいたします。</p>`,
  },
};

const en: Record<MessageTemplateKey, MessageTemplate> = {
  "followup-1-reassure": {
    subject: "Thank you for your order from {{ shop.name }}",
    preheader: "A few things worth knowing as you start using your purchase.",
    body: `<p>Hi {{ customer.name }},</p>
<p>Thank you for shopping with {{ shop.name }}. We know you had plenty of choices, and we're glad you chose us.</p>
<p>You picked one of our customers' favourites. To help you get off to a good start, here are a few things worth knowing.</p>
<h2>Before you start</h2>
<ul>
<li>When your order arrives, check that everything is there and in good condition.</li>
<li>You'll find how to use and care for it on the product page.</li>
<li>Any questions? Just reply to this email and one of our team will help.</li>
</ul>
${button("Visit the shop")}
<p>Thanks again,<br>The {{ shop.name }} team</p>`,
  },
  "followup-2-expectation": {
    subject: "How are you getting on? Tips to get more from your purchase",
    preheader: "A few ideas to get the most out of it, every day.",
    body: `<p>Hi {{ customer.name }},</p>
<p>Your order from {{ shop.name }} has been with you for a little while now. We hope you're enjoying it.</p>
<p>Here are a few tips to help you get even more out of it.</p>
<h2>Getting the most from it</h2>
<ul>
<li>Use it a little every day: that's when you'll really notice the difference.</li>
<li>A little care goes a long way. The product page explains how to look after it.</li>
<li>Noticed something we could do better? Reply and tell us; we read every message.</li>
</ul>
${productBlock("Goes well with it", "View the product")}
${button("Visit the shop")}
<p>Best wishes,<br>The {{ shop.name }} team</p>`,
  },
  "followup-3-trust": {
    subject: "What we care about at {{ shop.name }}",
    preheader: "The story behind {{ shop.name }}, and a few useful ideas.",
    body: `<p>Hi {{ customer.name }},</p>
<p>Thank you for being a {{ shop.name }} customer. We'd like to tell you a little about who we are.</p>
<h2>What we care about</h2>
<p>We started {{ shop.name }} to offer things that make everyday life a little better and are made to last. We check every product ourselves, from the materials to the finish, and only sell what we're proud to send out.</p>
<h2>Useful ideas</h2>
<p>We regularly share seasonal care tips and our team's favourite ways to use our products. Take a look whenever you have a moment.</p>
${productBlock("Often bought with your last order", "View the product")}
${button("Read more at the shop")}
<p>Thank you for being part of our story,<br>The {{ shop.name }} team</p>`,
  },
  "followup-4-loyal": {
    subject: "A thank-you gift for your next order",
    preheader: "A code just for you, {{ customer.name }}, to use on your next order.",
    body: `<p>Hi {{ customer.name }},</p>
<p>Thank you for shopping with {{ shop.name }}. We hope you're still enjoying your order.</p>
<p>As a thank-you, here's a special code for your next order.</p>
${codeBox("en")}
${productBlock("Picked for you", "View the product")}
{% if discount %}${button("Shop with your code", DISCOUNT_LINK)}{% else %}${button("Visit the shop")}{% endif %}
<p>We look forward to seeing you again,<br>The {{ shop.name }} team</p>`,
  },
  birthday: {
    subject: "Happy birthday, {{ customer.name }}!",
    preheader: "A little birthday gift from {{ shop.name }}.",
    body: `<p>Hi {{ customer.name }},</p>
<p>Happy birthday from all of us at {{ shop.name }}! We hope you have a wonderful year ahead.</p>
{% if discount %}<p>To celebrate, here's a birthday gift from us.</p>
${codeBox("en")}
${button("Shop with your code", DISCOUNT_LINK)}
{% elsif points %}<p>To celebrate, we've added birthday points to your account.</p>
<table role="presentation" class="facts" cellpadding="0" cellspacing="0" border="0">
<tr><th>Your points balance</th><td>{{ points.balance }} points</td></tr>
{% if points.tier %}<tr><th>Member tier</th><td>{{ points.tier }}</td></tr>{% endif %}
</table>
${button("Use your points")}
{% else %}${button("Visit the shop")}{% endif %}
<p>Warm wishes,<br>The {{ shop.name }} team</p>`,
  },
  "win-back": {
    subject: "We miss you at {{ shop.name }}: here's a little something",
    preheader: "There's a lot that's new since your last visit.",
    body: `<p>Hi {{ customer.name }},</p>
<p>It's been a while since your last visit to {{ shop.name }}, and we hope all is well.</p>
<p>We've added plenty of new things since then. To welcome you back, here's a special code just for you.</p>
${codeBox("en")}
${productBlock("Picked for you", "View the product")}
{% if discount %}${button("Shop with your code", DISCOUNT_LINK)}{% else %}${button("Visit the shop")}{% endif %}
<p>We hope to see you soon,<br>The {{ shop.name }} team</p>`,
  },
  "future-loyal": {
    subject: "Thanks for coming back: your member benefits at {{ shop.name }}",
    preheader: "Points on every order, and more benefits as your tier goes up.",
    body: `<p>Hi {{ customer.name }},</p>
<p>Thank you for shopping with {{ shop.name }} again. As one of our returning customers, here's what your membership gives you.</p>
{% if points %}<table role="presentation" class="facts" cellpadding="0" cellspacing="0" border="0">
<tr><th>Your points balance</th><td>{{ points.balance }} points</td></tr>
{% if points.tier %}<tr><th>Member tier</th><td>{{ points.tier }}</td></tr>{% endif %}
</table>{% endif %}
<p>You earn points on every order, and the higher your tier, the more you get back. Use them on your next order.</p>
${codeBox("en")}
${productBlock("Picked for you", "View the product")}
${button("See your benefits")}
<p>Thank you for your support,<br>The {{ shop.name }} team</p>`,
  },
  "points-expiring": {
    subject: "{{ points.expiring }} of your points expire soon",
    preheader: "Some of your points expire on {{ points.expires_on }}.",
    body: `<p>Hi {{ customer.name }},</p>
<p>Thank you for shopping with {{ shop.name }}. Some of your points expire soon, so we wanted to let you know.</p>
<table role="presentation" class="facts" cellpadding="0" cellspacing="0" border="0">
<tr><th>Your points balance</th><td>{{ points.balance }} points</td></tr>
<tr><th>Points expiring</th><td>{{ points.expiring }} points</td></tr>
<tr><th>Expiry date</th><td>{{ points.expires_on }}</td></tr>
</table>
<p>Points not used by then will expire. Why not treat yourself before they do?</p>
${button("Use your points")}
<p>Best wishes,<br>The {{ shop.name }} team</p>`,
  },
};

export const messageTemplates: Record<MailLocale, Record<MessageTemplateKey, MessageTemplate>> = { ja, en };
