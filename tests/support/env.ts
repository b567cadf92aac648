/** The app settings every test runs with; DATABASE_URL is set per test file by the setup file. */
export const TEST_APP = {
  apiKey: "kizuna-test-api-key",
  apiSecret: "kizuna-test-api-secret",
  appUrl: "https://kizuna.test",
  scopes: "read_customers,write_customers,read_orders,read_all_orders,read_products,read_discounts,write_discounts",
};

export const BROWSER_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";
