import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { config } from "../config.server";
import { db } from "../db/client.server";
import { lineSettingsFormSchema } from "../forms/settings.server";
import { type FieldErrors, parseForm } from "../forms/parse-form";
import { lineSettingsView, removeLineSettings, saveLineSettings, testLineConnection } from "../line/settings.server";
import { requireShop } from "../require-shop.server";

/**
 * The Settings card "LINE official account" (app/components/LineSettingsCard): its state, loaded after the page
 * (it asks LINE for the month's usage), and its buttons. Secrets go in, never out (decision 025).
 */
type LineField = "channelId" | "channelSecret" | "accessToken";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  return json(await lineSettingsView(db(), shop, config().SHOPIFY_APP_URL));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const form = parseForm<typeof lineSettingsFormSchema, LineField>(
    lineSettingsFormSchema,
    await request.json().catch(() => null),
  );
  if (!form.ok) return json({ ok: false as const, intent: "save" as const, errors: form.errors }, { status: 400 });
  if (form.data.intent === "remove") {
    await removeLineSettings(db(), shop);
    return json({ ok: true as const, intent: "remove" as const, connection: null });
  }
  if (form.data.intent === "test") {
    return json({ ok: true as const, intent: "test" as const, connection: await testLineConnection(db(), shop) });
  }
  const saved = await saveLineSettings(db(), shop, form.data);
  if (!saved.ok) {
    const errors: FieldErrors<LineField> = { form: saved.error };
    return json({ ok: false as const, intent: "save" as const, errors }, { status: 400 });
  }
  return json({ ok: true as const, intent: "save" as const, connection: saved.connection });
};
