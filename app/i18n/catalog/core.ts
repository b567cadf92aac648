import { defineMessages } from "./define";

export const core = defineMessages({
  en: {
    "nav.dashboard": "Dashboard",
    "nav.customers": "Customers",
    "nav.segments": "Segments",
    "nav.loyalty": "Loyalty",
    "nav.campaigns": "Campaigns",
    "nav.points": "Points",
    "nav.settings": "Settings",
    "nav.syncHealth": "Sync health",
    "landing.title": "Kizuna — keep the customers you already won",
    "landing.text": "RFM segments, lifetime value, loyalty and points for your Shopify store.",
    "landing.shopDomain": "Shop domain",
    "landing.shopDomainHelp": "example.myshopify.com",
    "landing.login": "Log in",
  },
  ja: {
    "nav.dashboard": "ダッシュボード",
    "nav.customers": "顧客",
    "nav.segments": "セグメント",
    "nav.loyalty": "ロイヤル顧客",
    "nav.campaigns": "キャンペーン",
    "nav.points": "ポイント",
    "nav.settings": "設定",
    "nav.syncHealth": "同期の状態",
    "landing.title": "絆 Kizuna — 獲得したお客様と、長く続く関係を",
    "landing.text": "RFM分析、LTV予測、ロイヤル顧客、ポイントプログラムを Shopify ストアに。",
    "landing.shopDomain": "ストアのドメイン",
    "landing.shopDomainHelp": "example.myshopify.com",
    "landing.login": "ログイン",
  },
});
