import { defineMessages } from "./define";

/**
 * Kizuna's fields in Shopify's own segments (decision 027): the names of the Shopify segments Kizuna keeps
 * in step, and the Settings card that creates the metafield definitions and switches the segment sync.
 */
export const shopifySegments = defineMessages({
  en: {
    "shopifySegments.segmentName": "Kizuna: {name}",
    "shopifySegments.title": "Shopify segments",
    "shopifySegments.description":
      "Use Kizuna's segments, predictions and points as filters in Shopify's customer segments and Shopify Email.",
    "shopifySegments.definitions.heading": "Metafield definitions",
    "shopifySegments.definitions.ready": "All {count} definitions are in place; the values can be used as filters.",
    "shopifySegments.definitions.missing": "{count} of {total} definitions are missing or cannot be used as filters yet.",
    "shopifySegments.definitions.wrongType":
      "The definition “{key}” has the type {actual}, but Kizuna writes {expected}. Kizuna leaves it as it is: change or delete it in Shopify admin under Settings › Custom data › Customers.",
    "shopifySegments.definitions.failed": "Shopify did not accept the definition “{key}”: {message}",
    "shopifySegments.definitions.unavailable": "The definitions could not be read from Shopify. Try again in a moment.",
    "shopifySegments.definitions.loading": "Checking the definitions in Shopify…",
    "shopifySegments.definitions.create": "Create definitions",
    "shopifySegments.definitions.created": "{count} definitions created",
    "shopifySegments.definitions.upToDate": "All definitions are in place",
    "shopifySegments.sync.label": "Keep one Shopify customer segment per Kizuna segment",
    "shopifySegments.sync.help":
      "Kizuna creates segments such as “Kizuna: Champions”; their members follow the segment Kizuna writes on each customer.",
    "shopifySegments.sync.offNote":
      "Turning this off leaves the segments already created in Shopify as they are. Delete them in Shopify admin if you no longer need them.",
    "shopifySegments.sync.last": "Last synced {time} · {count} segments",
    "shopifySegments.sync.never": "Not synced yet",
    "shopifySegments.sync.now": "Sync now",
    "shopifySegments.sync.queued": "Segment sync started",
    "shopifySegments.saved": "Saved",
  },
  ja: {
    "shopifySegments.segmentName": "Kizuna: {name}",
    "shopifySegments.title": "Shopifyのセグメント",
    "shopifySegments.description":
      "Kizunaのセグメント・予測値・ポイントを、Shopifyの顧客セグメントやShopify Emailの絞り込み条件として使えるようにします。",
    "shopifySegments.definitions.heading": "メタフィールドの定義",
    "shopifySegments.definitions.ready": "{count}件の定義がすべてそろっており、絞り込み条件に使えます。",
    "shopifySegments.definitions.missing": "{total}件中{count}件の定義が未作成、または絞り込み条件に使えない状態です。",
    "shopifySegments.definitions.wrongType":
      "定義「{key}」の型が {actual} になっています（Kizunaは {expected} で書き込みます）。Kizunaでは変更しませんので、Shopify管理画面の「設定 › カスタムデータ › 顧客」で変更または削除してください。",
    "shopifySegments.definitions.failed": "定義「{key}」をShopifyに作成できませんでした：{message}",
    "shopifySegments.definitions.unavailable": "Shopifyから定義を読み込めませんでした。しばらくしてから再度お試しください。",
    "shopifySegments.definitions.loading": "Shopifyの定義を確認しています…",
    "shopifySegments.definitions.create": "定義を作成",
    "shopifySegments.definitions.created": "{count}件の定義を作成しました",
    "shopifySegments.definitions.upToDate": "定義はすべてそろっています",
    "shopifySegments.sync.label": "Kizunaのセグメントごとに、Shopifyの顧客セグメントを作成して同期する",
    "shopifySegments.sync.help":
      "「Kizuna: 最優良顧客」のようなセグメントを作成します。含まれる顧客は、Kizunaが各顧客に書き込むセグメントに合わせて自動で入れ替わります。",
    "shopifySegments.sync.offNote":
      "オフにしても、Shopifyに作成済みのセグメントは削除・変更されません。不要になった場合はShopify管理画面から削除してください。",
    "shopifySegments.sync.last": "前回の同期：{time}（{count}件のセグメント）",
    "shopifySegments.sync.never": "まだ同期していません",
    "shopifySegments.sync.now": "今すぐ同期",
    "shopifySegments.sync.queued": "セグメントの同期を開始しました",
    "shopifySegments.saved": "保存しました",
  },
});
