import { defineMessages } from "./define";

/** The small pages a customer sees after following a link in a Kizuna mail (through the storefront's app proxy). */
export const mail = defineMessages({
  en: {
    "mail.unsubscribe.title": "Unsubscribe from {shop} emails",
    "mail.unsubscribe.question": "Would you like to stop receiving marketing emails from {shop}?",
    "mail.unsubscribe.note": "Emails about your orders, such as order confirmations and shipping updates, will still be sent.",
    "mail.unsubscribe.button": "Unsubscribe",
    "mail.unsubscribe.doneTitle": "You have been unsubscribed",
    "mail.unsubscribe.doneText": "You will no longer receive marketing emails from {shop}. Thank you for reading them until now.",
    "mail.link.invalidTitle": "This link is not valid",
    "mail.link.invalidText":
      "The link may have been cut short or changed. Please open it again from the email, or contact the shop.",
    "mail.link.goneTitle": "This link is no longer available",
    "mail.link.goneText": "The email this link came from is no longer on record. Please contact the shop if you need help.",
    "mail.page.backToShop": "Back to the shop",
  },
  ja: {
    "mail.unsubscribe.title": "{shop}からのメール配信停止",
    "mail.unsubscribe.question": "{shop}からのお知らせメールの配信を停止しますか？",
    "mail.unsubscribe.note": "ご注文確認や発送のお知らせなど、お取引に関するメールは引き続きお送りいたします。",
    "mail.unsubscribe.button": "配信を停止する",
    "mail.unsubscribe.doneTitle": "配信を停止しました",
    "mail.unsubscribe.doneText":
      "今後、{shop}からのお知らせメールはお送りいたしません。これまでお読みいただき、ありがとうございました。",
    "mail.link.invalidTitle": "このリンクは無効です",
    "mail.link.invalidText":
      "リンクが途中で切れているか、変更されている可能性があります。お手数ですが、メール内のリンクからもう一度お試しいただくか、ショップまでお問い合わせください。",
    "mail.link.goneTitle": "このリンクは現在ご利用いただけません",
    "mail.link.goneText": "このリンクのメールは記録に残っておりません。お困りの際は、ショップまでお問い合わせください。",
    "mail.page.backToShop": "ショップに戻る",
  },
});
