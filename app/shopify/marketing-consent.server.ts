import type { AdminClient } from "./admin-client.server";
import { CUSTOMER_EMAIL_MARKETING_CONSENT_UPDATE_MUTATION } from "./operations/consent";

export class ConsentUpdateError extends Error {
  override name = "ConsentUpdateError";
}

/**
 * Sets the customer's email marketing consent to UNSUBSCRIBED in Shopify (customerEmailMarketingConsentUpdate).
 * "gone" when Shopify no longer has the customer (deleted meanwhile): nothing left to update. Other refusals
 * throw, so the job retries and finally shows up as failed.
 */
export async function unsubscribeFromEmailMarketing(
  client: AdminClient,
  customerId: bigint,
  at: Date,
): Promise<"updated" | "gone"> {
  const data = await client.request(
    CUSTOMER_EMAIL_MARKETING_CONSENT_UPDATE_MUTATION,
    {
      input: {
        customerId: `gid://shopify/Customer/${customerId}`,
        emailMarketingConsent: { marketingState: "UNSUBSCRIBED", consentUpdatedAt: at.toISOString() },
      },
    },
    10,
  );
  const payload = data.customerEmailMarketingConsentUpdate;
  const userErrors = payload?.userErrors ?? [];
  if (userErrors.length === 0 && payload?.customer) return "updated";
  if (userErrors.some((error) => /not (be )?found|does not exist/i.test(error.message))) return "gone";
  throw new ConsentUpdateError(
    `Shopify did not update the email consent of customer ${customerId}: ${userErrors.map((error) => error.message).join("; ") || "no customer returned"}`,
  );
}
