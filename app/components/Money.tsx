import { formatMoney } from "../i18n/format";
import { useLocale } from "../i18n/react";

/** An amount in minor units of the shop's currency, shown as the admin's locale writes it (JPY without decimals). */
export function Money({ minor, currency, compact }: { minor: number | null | undefined; currency: string; compact?: boolean }) {
  const locale = useLocale();
  if (minor === null || minor === undefined) return <>—</>;
  return <>{formatMoney(minor, currency, locale, { compact })}</>;
}
