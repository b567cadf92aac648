import { defineMessages } from "./define";

/**
 * LINE (decision 025): what customers read in LINE (journey messages, link confirmations) and the admin's
 * LINE settings, customer status and channel choice. Customer-facing copy: 〜様, です・ます, short lines
 * (LINE is read on a phone).
 */
export const line = defineMessages({
  en: {
    "line.customer.fallbackName": "there",
    "line.link.prefilled": "LINE link code: {code}",
    "line.link.confirmed": "Thank you! Your LINE is now linked to your {shop} account. We will send you news and offers here.",
    "line.link.expired": "This link code has expired or was already used. Please press “Link with LINE” in the shop again.",
    "line.link.unknown": "We could not find this link code. Please press “Link with LINE” in the shop again.",
    "line.card.shopButton": "Visit the shop",
    "line.card.couponTitle": "A coupon just for you",
    "line.card.couponNote": "Code {code} · valid until {endsOn}",
    "line.card.couponNoteNoEnd": "Code {code}",
    "line.card.useCoupon": "Use the coupon",
    "line.message.followup-1-reassure":
      "Hi {name}, thank you for your order at {shop}! If anything about your order is unclear, just reply here.",
    "line.message.followup-2-expectation":
      "Hi {name}, how are you getting on with your purchase from {shop}? A few tips to enjoy it even more are on our shop page.",
    "line.message.followup-3-trust": "Hi {name}, thank you for choosing {shop}. Here is a little about what we make and why.",
    "line.message.followup-4-loyal":
      "Hi {name}, thank you for being a {shop} customer. As a thank-you, here is a coupon for your next order.",
    "line.message.birthday": "Happy birthday, {name}! Everyone at {shop} wishes you a wonderful year.",
    "line.message.win-back": "Hi {name}, it has been a while! {shop} has new things we think you will like.",
    "line.message.future-loyal": "Hi {name}, thank you for shopping with {shop} again. Here is something just for you.",
    "line.message.points-expiring": "Hi {name}, some of your {shop} points expire soon. Use them on your next order!",
    "line.message.generic": "Hi {name}, a message from {shop}.",
    "line.channel.label": "Channel",
    "line.channel.email": "Email",
    "line.channel.line": "LINE",
    "line.channel.line-else-email": "LINE, else email",
    "line.channel.help": "“LINE, else email” sends by LINE to customers who linked their LINE, by email to everyone else.",
    "line.settings.title": "LINE official account",
    "line.settings.description":
      "Send journey messages by LINE. Enter the Messaging API channel of your LINE official account (LINE Developers console).",
    "line.settings.channelId": "Channel ID",
    "line.settings.channelSecret": "Channel secret",
    "line.settings.accessToken": "Channel access token (long-lived)",
    "line.settings.savedSecret": "Saved (ends in {ending}). Leave empty to keep it.",
    "line.settings.webhookUrl": "Webhook URL",
    "line.settings.webhookHelp":
      "Paste this into the LINE Developers console (Messaging API → Webhook settings) and turn on “Use webhook”.",
    "line.settings.quota": "Messages this month: {used} of {limit}",
    "line.settings.quotaUnlimited": "Messages this month: {used} (no monthly limit)",
    "line.settings.quotaUnavailable": "The monthly message count could not be read: {detail}",
    "line.settings.test": "Test connection",
    "line.settings.testOk": "Connected to {name} ({basicId}).",
    "line.settings.testFailed": "LINE did not accept the connection: {detail}",
    "line.settings.notConfigured": "Not connected yet.",
    "line.settings.save": "Save LINE settings",
    "line.settings.saved": "LINE settings saved.",
    "line.settings.remove": "Disconnect LINE",
    "line.settings.removed": "LINE disconnected.",
    "line.errors.channelId": "Enter the channel ID: the 10-digit number shown in the LINE Developers console.",
    "line.errors.secretRequired": "Enter the channel secret and the channel access token.",
    "line.errors.secretFormat": "The channel secret is 32 letters and digits, as shown in the LINE Developers console.",
    "line.errors.tokenFormat": "The channel access token looks incomplete: copy the whole long-lived token.",
    "line.status.title": "LINE",
    "line.status.linked": "Linked since {date}",
    "line.status.blocked": "Blocked the account on {date}",
    "line.status.unlinked": "Not linked",
    "line.status.help": "Customers link their LINE from the “Link with LINE” block in your theme.",
  },
  ja: {
    "line.customer.fallbackName": "お客様",
    "line.link.prefilled": "LINE連携コード：{code}",
    "line.link.confirmed":
      "{shop}のお客様情報とLINEの連携が完了しました。ありがとうございます。今後はLINEでもお得な情報をお届けいたします。",
    "line.link.expired":
      "この連携コードは有効期限が切れているか、すでに使用されています。お手数ですが、ショップの「LINEで連携」からもう一度お試しください。",
    "line.link.unknown": "連携コードが確認できませんでした。お手数ですが、ショップの「LINEで連携」からもう一度お試しください。",
    "line.card.shopButton": "ショップを見る",
    "line.card.couponTitle": "あなただけの特別クーポン",
    "line.card.couponNote": "クーポンコード：{code}（{endsOn}まで）",
    "line.card.couponNoteNoEnd": "クーポンコード：{code}",
    "line.card.useCoupon": "クーポンを使う",
    "line.message.followup-1-reassure":
      "{name}\nこのたびは{shop}でお買い上げいただき、誠にありがとうございます。ご不明な点がございましたら、このトークからお気軽にお問い合わせください。",
    "line.message.followup-2-expectation":
      "{name}\n先日は{shop}でお買い上げいただきありがとうございました。商品の使い心地はいかがですか？もっと楽しんでいただくためのヒントをショップでご紹介しています。",
    "line.message.followup-3-trust":
      "{name}\nいつも{shop}をご利用いただきありがとうございます。私たちのものづくりへの想いを、少しだけご紹介させてください。",
    "line.message.followup-4-loyal":
      "{name}\nいつも{shop}をご愛顧いただき、心より感謝申し上げます。日頃の感謝を込めて、次回のお買い物にご利用いただけるクーポンをお届けいたします。",
    "line.message.birthday":
      "{name}\nお誕生日おめでとうございます！{shop}スタッフ一同、素敵な一年になりますよう心よりお祈りしております。",
    "line.message.win-back": "{name}\nご無沙汰しております、{shop}です。新しい商品が入荷しておりますので、ぜひ一度ご覧ください。",
    "line.message.future-loyal":
      "{name}\nいつも{shop}をご利用いただきありがとうございます。ささやかですが、特別なご案内をお届けいたします。",
    "line.message.points-expiring":
      "{name}\n{shop}でお貯めいただいたポイントの有効期限が近づいております。次回のお買い物でぜひご利用ください。",
    "line.message.generic": "{name}\n{shop}からのお知らせです。",
    "line.channel.label": "送信チャネル",
    "line.channel.email": "メール",
    "line.channel.line": "LINE",
    "line.channel.line-else-email": "LINE（未連携のお客様にはメール）",
    "line.channel.help":
      "「LINE（未連携のお客様にはメール）」は、LINE連携済みのお客様にはLINEで、それ以外のお客様にはメールでお送りします。",
    "line.settings.title": "LINE公式アカウント",
    "line.settings.description":
      "ジャーニーのメッセージをLINEでお送りします。LINE Developersコンソールに表示される、LINE公式アカウントのMessaging APIチャネルの情報を入力してください。",
    "line.settings.channelId": "チャネルID",
    "line.settings.channelSecret": "チャネルシークレット",
    "line.settings.accessToken": "チャネルアクセストークン（長期）",
    "line.settings.savedSecret": "保存済み（末尾 {ending}）。変更しない場合は空欄のままにしてください。",
    "line.settings.webhookUrl": "Webhook URL",
    "line.settings.webhookHelp":
      "このURLをLINE Developersコンソール（Messaging API設定 → Webhook設定）に貼り付け、「Webhookの利用」をオンにしてください。",
    "line.settings.quota": "今月の送信数：{used}通（上限 {limit}通）",
    "line.settings.quotaUnlimited": "今月の送信数：{used}通（上限なし）",
    "line.settings.quotaUnavailable": "今月の送信数を取得できませんでした：{detail}",
    "line.settings.test": "接続テスト",
    "line.settings.testOk": "{name}（{basicId}）に接続できました。",
    "line.settings.testFailed": "LINEに接続できませんでした：{detail}",
    "line.settings.notConfigured": "まだ接続されていません。",
    "line.settings.save": "LINE設定を保存",
    "line.settings.saved": "LINE設定を保存しました。",
    "line.settings.remove": "LINE連携を解除",
    "line.settings.removed": "LINE連携を解除しました。",
    "line.errors.channelId": "チャネルIDを入力してください（LINE Developersコンソールに表示される10桁の数字です）。",
    "line.errors.secretRequired": "チャネルシークレットとチャネルアクセストークンを入力してください。",
    "line.errors.secretFormat": "チャネルシークレットは半角英数字32文字です。LINE Developersコンソールからコピーしてください。",
    "line.errors.tokenFormat": "チャネルアクセストークンが途中で切れているようです。長期トークン全体をコピーしてください。",
    "line.status.title": "LINE",
    "line.status.linked": "{date}から連携中",
    "line.status.blocked": "{date}にブロックされました",
    "line.status.unlinked": "未連携",
    "line.status.help": "お客様はテーマの「LINEで連携」ブロックからLINEを連携できます。",
  },
});
