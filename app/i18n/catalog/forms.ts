import { defineMessages } from "./define";

/** Messages of the shared input parsing (app/forms): what a merchant sees when a value cannot be used. */
export const forms = defineMessages({
  en: {
    "forms.errors.invalid": "Check this value: it could not be used.",
    "forms.errors.unreadable": "The form could not be read. Reload the page and try again; nothing was saved.",
    "forms.errors.customerId": "This customer could not be found: the link or customer id is not valid.",
  },
  ja: {
    "forms.errors.invalid": "この項目の値をご確認ください。このままでは保存できません。",
    "forms.errors.unreadable":
      "フォームの内容を読み取れませんでした。ページを再読み込みしてもう一度お試しください（変更は保存されていません）。",
    "forms.errors.customerId": "顧客が見つかりません。リンクまたは顧客IDが正しくありません。",
  },
});
