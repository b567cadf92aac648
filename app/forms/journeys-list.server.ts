import type { Db } from "../db/client.server";
import { journeyIdsByTemplate, type JourneyListRow, listJourneyRows } from "../db/journey-reports.server";
import type { ShopRef } from "../db/shops.server";
import type { JourneyTrigger } from "../domain/journeys/definition";
import { JOURNEY_TEMPLATES, journeyTemplate } from "../domain/journeys/templates";
import { isMessageKey, type MessageKey } from "../i18n";
import { activateJourney, createJourneyFromTemplate, JourneyActivationError } from "../journeys/enrol.server";
import { journeyResults } from "../journeys/results.server";
import { type MailConfig, MailConfigError, mailConfigFromEnv } from "../mail/config";
import { parseForm } from "./parse-form";
import { switchOnForm } from "./journey-editor.server";

/**
 * The journeys list page, server side (zod and the journey schemas stay out of the browser bundle): the
 * journeys with their counts and lift, the built-in templates as cards, and the one-click switch-on.
 */

/** The mail settings when SMTP_URL and MAIL_FROM are set (app/mail/config.ts decides); a malformed value counts as unset. */
export function mailSettings(env: Record<string, string | undefined> = process.env): MailConfig | null {
  try {
    return mailConfigFromEnv(env);
  } catch (error) {
    if (error instanceof MailConfigError) return null;
    throw error;
  }
}

export const mailConfigured = (env: Record<string, string | undefined> = process.env): boolean => mailSettings(env) !== null;

export interface JourneyListLift {
  perCustomerMinor: number;
  lowMinor: number;
  highMinor: number;
  significant: boolean;
}

export interface JourneyListPage {
  mail: { configured: boolean };
  journeys: Array<JourneyListRow & { lift: JourneyListLift | null }>;
  templates: Array<{
    key: string;
    nameKey: string;
    descriptionKey: string;
    trigger: JourneyTrigger;
    /** the shop's journey made from it, null when it has none */
    journeyId: number | null;
  }>;
}

export async function journeyListPage(client: Db, shop: ShopRef, now: Date): Promise<JourneyListPage> {
  const [rows, byTemplate] = await Promise.all([listJourneyRows(client, shop), journeyIdsByTemplate(client, shop)]);
  const journeys = [];
  for (const row of rows) journeys.push({ ...row, lift: await journeyLift(client, shop, row, now) });
  return {
    mail: { configured: mailConfigured() },
    journeys,
    templates: JOURNEY_TEMPLATES.map((template) => ({
      key: template.key,
      nameKey: template.nameKey,
      descriptionKey: template.descriptionKey,
      trigger: template.definition.trigger,
      journeyId: byTemplate.get(template.key) ?? null,
    })),
  };
}

/** Revenue lift per customer against the hold-out (null until both groups have 2 customers), from the engine's results. */
async function journeyLift(client: Db, shop: ShopRef, row: JourneyListRow, now: Date): Promise<JourneyListLift | null> {
  if (row.entered < 4) return null;
  const lift = (await journeyResults(client, shop, row.id, now))?.lift.lift;
  return lift
    ? {
        perCustomerMinor: lift.perCustomerMinor,
        lowMinor: lift.perCustomerLowMinor,
        highMinor: lift.perCustomerHighMinor,
        significant: lift.significant,
      }
    : null;
}

export type SwitchOnResult =
  | { ok: true; journeyId: number; name: string }
  | { ok: false; status: 400 | 404 | 409; error: MessageKey };

/** Creates the shop's journey from a built-in template and activates it: the template cards' one click. */
export async function switchOnTemplate(client: Db, shop: ShopRef, form: FormData, now: Date): Promise<SwitchOnResult> {
  const parsed = parseForm(switchOnForm, form);
  if (!parsed.ok) return { ok: false, status: 400, error: "journeys.errors.templateUnknown" };
  const template = journeyTemplate(parsed.data.templateKey);
  if (!template) return { ok: false, status: 404, error: "journeys.errors.templateUnknown" };
  if (!mailConfigured()) return { ok: false, status: 409, error: "journeys.errors.mailNotConfigured" };
  const existing = (await journeyIdsByTemplate(client, shop)).get(template.key);
  if (existing !== undefined) return { ok: false, status: 409, error: "journeys.errors.alreadyOn" };
  const journey = await createJourneyFromTemplate(client, shop, template.key, { name: template.nameKey });
  const activated = await activate(client, shop, journey.id, now);
  if (!activated.ok) return { ok: false, status: 409, error: activated.error };
  return { ok: true, journeyId: journey.id, name: template.nameKey };
}

/** Switches a journey on through the engine, which refuses while email is not set up. */
export async function activate(
  client: Db,
  shop: ShopRef,
  journeyId: number,
  now: Date,
): Promise<{ ok: true } | { ok: false; error: MessageKey }> {
  try {
    await activateJourney(client, shop, journeyId, { configured: () => mailConfigured() }, now);
    return { ok: true };
  } catch (error) {
    if (error instanceof JourneyActivationError) {
      return { ok: false, error: isMessageKey(error.key) ? error.key : "journeys.errors.mailNotConfigured" };
    }
    throw error;
  }
}
