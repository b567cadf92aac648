import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData } from "@remix-run/react";

// Against the local emulator (demo, browser tests) Shopify admin and its CDN are absent: a stand-in for App
// Bridge is loaded first. Against real Shopify this is false and nothing changes.
export const loader = () => ({ emulated: Boolean(process.env.SHOPIFY_ADMIN_ORIGIN) });

export default function App() {
  const { emulated } = useLoaderData<typeof loader>() ?? { emulated: false };
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        {emulated && <script src="/app-bridge-emulator.js" />}
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <link rel="stylesheet" href="https://cdn.shopify.com/static/fonts/inter/v4/styles.css" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
