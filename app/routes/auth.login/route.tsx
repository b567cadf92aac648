import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import enPolaris from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { LoginErrorType } from "@shopify/shopify-app-remix/server";
import { useState } from "react";
import { login } from "../../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

function loginErrorMessage(errors: { shop?: LoginErrorType } | undefined) {
  if (errors?.shop === LoginErrorType.MissingShop) return "Please enter your shop domain to log in";
  if (errors?.shop === LoginErrorType.InvalidShop) return "Please enter a valid shop domain to log in";
  return undefined;
}

export const loader = async ({ request }: LoaderFunctionArgs) => ({ error: loginErrorMessage(await login(request)) });

export const action = async ({ request }: ActionFunctionArgs) => ({ error: loginErrorMessage(await login(request)) });

export default function Login() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const error = actionData?.error ?? loaderData.error;
  return (
    <AppProvider i18n={enPolaris}>
      <Page>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h2">
                Log in
              </Text>
              <TextField
                type="text"
                name="shop"
                label="Shop domain"
                helpText="example.myshopify.com"
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={error}
              />
              <Button submit>Log in</Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </AppProvider>
  );
}
