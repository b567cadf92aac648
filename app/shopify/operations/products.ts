/**
 * What a mail needs to show a product (the recommended product block): title, link, image and lowest price.
 * Read by id in one request for the products a batch of messages recommends, then cached in Product.
 */
export const PRODUCTS_FOR_MAIL_QUERY = `#graphql
  query KizunaProductsForMail($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        title
        handle
        status
        onlineStoreUrl
        featuredMedia {
          preview {
            image {
              url
            }
          }
        }
        priceRangeV2 {
          minVariantPrice {
            amount
            currencyCode
          }
        }
      }
    }
  }
`;
