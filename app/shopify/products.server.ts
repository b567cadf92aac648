import { amountToMinorUnits, currencyDecimals } from "../domain/money";
import type { AdminClient } from "./admin-client.server";
import { PRODUCTS_FOR_MAIL_QUERY } from "./operations/products";

/** A product as a mail shows it (the Product cache row's fields). */
export interface ProductForMail {
  id: bigint;
  title: string;
  handle: string | null;
  onlineStoreUrl: string | null;
  imageUrl: string | null;
  /** lowest variant price, minor units of the shop currency */
  priceMinor: number | null;
  /** ACTIVE | ARCHIVED | DRAFT */
  status: string | null;
}

const PER_REQUEST = 100;

/**
 * Title, link, image and lowest price of the given products, read by id (`nodes`). A product Shopify no
 * longer has is left out of the answer.
 */
export async function fetchProductsForMail(admin: AdminClient, ids: readonly bigint[]): Promise<ProductForMail[]> {
  const found: ProductForMail[] = [];
  for (let start = 0; start < ids.length; start += PER_REQUEST) {
    const chunk = ids.slice(start, start + PER_REQUEST);
    const data = await admin.request(
      PRODUCTS_FOR_MAIL_QUERY,
      { ids: chunk.map((id) => `gid://shopify/Product/${id}`) },
      2 + chunk.length,
    );
    for (const node of data.nodes ?? []) {
      if (!node || !("title" in node) || !node.id) continue;
      const id = /\/Product\/(\d+)$/.exec(node.id)?.[1];
      if (!id) continue;
      const price = node.priceRangeV2?.minVariantPrice;
      let priceMinor: number | null = null;
      if (price?.amount) {
        try {
          priceMinor = amountToMinorUnits(price.amount, currencyDecimals(price.currencyCode));
        } catch {
          priceMinor = null;
        }
      }
      found.push({
        id: BigInt(id),
        title: node.title,
        handle: node.handle ?? null,
        onlineStoreUrl: node.onlineStoreUrl ?? null,
        imageUrl: node.featuredMedia?.preview?.image?.url ?? null,
        priceMinor,
        status: node.status ?? null,
      });
    }
  }
  return found;
}
