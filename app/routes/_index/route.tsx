import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { resolveLocale, translator } from "../../i18n";
import { login } from "../../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  // Shopify admin opens the app with ?shop=…: go straight into the embedded app.
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  const locale = resolveLocale(request.headers.get("accept-language"));
  const t = translator(locale);
  return {
    showForm: Boolean(login),
    text: {
      title: t("landing.title"),
      body: t("landing.text"),
      shopDomain: t("landing.shopDomain"),
      help: t("landing.shopDomainHelp"),
      login: t("landing.login"),
    },
  };
};

export default function Landing() {
  const { showForm, text } = useLoaderData<typeof loader>();
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 560, margin: "10vh auto", padding: 24 }}>
      <h1>{text.title}</h1>
      <p>{text.body}</p>
      {showForm && (
        <Form method="post" action="/auth/login">
          <label>
            <span>{text.shopDomain}</span> <input type="text" name="shop" placeholder={text.help} />
          </label>{" "}
          <button type="submit">{text.login}</button>
        </Form>
      )}
    </main>
  );
}
