import type { Catalogue } from "./en";

export const ja: Catalogue = {
  "nav.dashboard": "ダッシュボード",
  "nav.customers": "顧客",
  "nav.segments": "セグメント",
  "nav.loyalty": "ロイヤル顧客",
  "nav.campaigns": "キャンペーン",
  "nav.points": "ポイント",
  "nav.settings": "設定",
  "dashboard.title": "ダッシュボード",
  "dashboard.customers": "顧客数",
  "dashboard.orders": "注文数",
  "dashboard.sync.title": "ストアの同期",
  "dashboard.sync.never": "まだストアのデータを取り込んでいません。インストール直後に最初の同期が始まります。",
  "dashboard.sync.running": "ストアのデータを取り込み中: {phase}（{done} / {total}）",
  "dashboard.sync.completed": "{date} にストアのデータを取り込みました",
  "dashboard.sync.failed": "前回の同期に失敗しました: {error}",
  "landing.title": "絆 Kizuna — 獲得したお客様と、長く続く関係を",
  "landing.text": "RFM分析、LTV予測、ロイヤル顧客、ポイントプログラムを Shopify ストアに。",
  "landing.shopDomain": "ストアのドメイン",
  "landing.shopDomainHelp": "example.myshopify.com",
  "landing.login": "ログイン",
};
