import { useMemo } from "react";
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from "../i18n/format";
import { useLocale } from "../i18n/react";

/** The shop's currency and time zone, as every page's loader returns them. */
export interface ShopFormatProps {
  currency: string;
  timezone: string;
}

/** Formatting functions bound to the admin's locale and the shop's currency and time zone. */
export function useFormat(shop: ShopFormatProps) {
  const locale = useLocale();
  return useMemo(
    () => ({
      locale,
      money: (minor: number, options?: { compact?: boolean }) => formatMoney(minor, shop.currency, locale, options),
      number: (value: number, digits = 0) => formatNumber(value, locale, digits),
      percent: (ratio: number, digits = 1) => formatPercent(ratio, locale, digits),
      date: (ms: number) => formatDate(ms, shop.timezone, locale),
      dateTime: (ms: number) => formatDateTime(ms, shop.timezone, locale),
    }),
    [locale, shop.currency, shop.timezone],
  );
}
