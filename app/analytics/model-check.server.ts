/**
 * The prediction track record: one ModelCheck row per full recompute (the shop's latest 13 weeks held out,
 * every model scored on them, the chosen one and why), read by the "How good are these predictions?" page.
 */
import type { Db } from "../db/client.server";
import type { ShopRef } from "../db/shops.server";
import type { ModelCheckDetail } from "../domain/clv/select";
import { isoDateFromDayNumber } from "../domain/time";

export interface ModelCheckInput {
  calibrationEndDay: number;
  holdoutEndDay: number;
  chosenModel: string;
  detail: ModelCheckDetail;
}

export interface StoredModelCheck {
  computedAt: Date;
  calibrationEnd: Date;
  holdoutEnd: Date;
  chosenModel: string;
  detail: ModelCheckDetail;
}

/** Shop-local day number → that date at 00:00 UTC (the column holds a date, not an instant). */
const dateOfDay = (day: number) => new Date(`${isoDateFromDayNumber(day)}T00:00:00Z`);

export async function saveModelCheck(client: Db, shop: ShopRef, check: ModelCheckInput, computedAt: Date): Promise<void> {
  await client.modelCheck.create({
    data: {
      shopId: shop.id,
      computedAt,
      calibrationEnd: dateOfDay(check.calibrationEndDay),
      holdoutEnd: dateOfDay(check.holdoutEndDay),
      chosenModel: check.chosenModel,
      detail: JSON.stringify(check.detail),
    },
  });
}

export async function latestModelCheck(client: Db, shop: ShopRef): Promise<StoredModelCheck | null> {
  const row = await client.modelCheck.findFirst({
    where: { shopId: shop.id },
    orderBy: [{ computedAt: "desc" }, { id: "desc" }],
  });
  if (!row) return null;
  return {
    computedAt: row.computedAt,
    calibrationEnd: row.calibrationEnd,
    holdoutEnd: row.holdoutEnd,
    chosenModel: row.chosenModel,
    detail: JSON.parse(row.detail) as ModelCheckDetail,
  };
}
