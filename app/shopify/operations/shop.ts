import { z } from "zod";

export const SHOP_PROFILE_QUERY = `#graphql
  query KizunaShopProfile {
    shop {
      name
      email
      myshopifyDomain
      currencyCode
      ianaTimezone
    }
  }
`;

export const ShopProfileData = z.object({
  shop: z.object({
    name: z.string(),
    email: z.string().nullable(),
    myshopifyDomain: z.string(),
    currencyCode: z.string(),
    ianaTimezone: z.string(),
  }),
});
export type ShopProfileData = z.infer<typeof ShopProfileData>;
