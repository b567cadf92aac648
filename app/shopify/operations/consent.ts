/**
 * Email marketing consent: a customer who unsubscribed through a Kizuna mail is marked UNSUBSCRIBED in
 * Shopify too, so Shopify Email and every other app see the same choice.
 */
export const CUSTOMER_EMAIL_MARKETING_CONSENT_UPDATE_MUTATION = `#graphql
  mutation KizunaCustomerEmailMarketingConsentUpdate($input: CustomerEmailMarketingConsentUpdateInput!) {
    customerEmailMarketingConsentUpdate(input: $input) {
      customer {
        id
        emailMarketingConsent { marketingState consentUpdatedAt }
      }
      userErrors { field message code }
    }
  }
`;
