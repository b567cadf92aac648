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
