import { z } from "zod";
import { localMidnight } from "../domain/time";
import { amountToMinorUnits, currencyDecimals } from "../domain/money";
import { RFM_SEGMENT_KEYS } from "../domain/rfm";
import type { Audience } from "../db/campaigns.server";
import { parseForm } from "../forms/parse-form";
import type { CampaignMessageKey } from "./messages";

/**
 * The new-campaign form: what the merchant typed (strings from the form), validated by zod into the
 * service's input. Every message is a catalogue key, shown next to its field in the merchant's language.
 */
export interface CampaignInput {
  name: string;
  audience: Audience;
  value: { kind: "percentage"; percent: number } | { kind: "fixed"; amountMinor: number };
  minimumSubtotalMinor: number | null;
  startsAt: Date;
  endsAt: Date | null;
  codeMode: "shared" | "unique";
  /** shared mode: the code, or null to let Kizuna choose */
  sharedCode: string | null;
  /** 0–0.5 */
  holdoutShare: number;
  /** tag each member in Shopify with its group while the campaign runs */
  tagMembers: boolean;
}

/** The form fields an audience fills in (the new-campaign page starts with the audience of its link). */
export interface AudienceFormFields {
  audienceType: string;
  segment: string;
  filterSegments: string[];
  filterMinOrders: string;
  filterMaxRecencyDays: string;
  filterMinPAlive: string;
}

export function audienceFormFields(audience: Audience | null): AudienceFormFields {
  const filter = audience?.type === "filter" ? audience.filter : {};
  const text = (value: number | undefined) => (value === undefined ? "" : String(value));
  return {
    audienceType: audience?.type ?? "",
    segment: audience?.type === "segment" ? audience.segment : "",
    filterSegments: filter.segments ?? [],
    filterMinOrders: text(filter.minOrders),
    filterMaxRecencyDays: text(filter.maxRecencyDays),
    filterMinPAlive: filter.minPAlive === undefined ? "" : String(Math.round(filter.minPAlive * 100)),
  };
}

const key = (message: CampaignMessageKey) => ({ message });
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

export const campaignFormSchema = z
  .object({
    name: z.string().trim().min(1, key("campaigns.error.nameRequired")).max(100, key("campaigns.error.nameTooLong")),
    audienceType: z.enum(["segment", "candidates", "filter"], key("campaigns.error.audienceRequired")),
    segment: optionalText,
    filterSegments: z.array(z.enum(RFM_SEGMENT_KEYS)).default([]),
    filterMinOrders: optionalText,
    filterMinNetSpend: optionalText,
    filterMaxRecencyDays: optionalText,
    filterMinPAlive: optionalText,
    valueType: z.enum(["percentage", "fixed"]),
    value: z.string().trim().min(1, key("campaigns.error.valueRequired")),
    minimumSubtotal: optionalText,
    startsAt: z.string().trim().regex(isoDate, key("campaigns.error.startInvalid")),
    endsAt: optionalText.pipe(z.string().regex(isoDate, key("campaigns.error.endInvalid")).optional()),
    codeMode: z.enum(["shared", "unique"]),
    code: optionalText.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{3,40}$/, key("campaigns.error.codeInvalid"))
        .optional(),
    ),
    holdoutPercent: z.coerce
      .number(key("campaigns.error.holdoutRange"))
      .min(0, key("campaigns.error.holdoutRange"))
      .max(50, key("campaigns.error.holdoutRange"))
      .default(10),
    tagMembers: z.boolean(),
  })
  .superRefine((form, ctx) => {
    if (form.audienceType === "segment" && !(RFM_SEGMENT_KEYS as readonly string[]).includes(form.segment ?? "")) {
      ctx.addIssue({ code: "custom", path: ["segment"], message: "campaigns.error.segmentRequired" });
    }
    if (form.valueType === "percentage") {
      const percent = Number(form.value);
      if (!Number.isFinite(percent)) ctx.addIssue({ code: "custom", path: ["value"], message: "campaigns.error.percentWhole" });
      else if (percent > 100) ctx.addIssue({ code: "custom", path: ["value"], message: "campaigns.error.percentOver100" });
      else if (percent < 1) ctx.addIssue({ code: "custom", path: ["value"], message: "campaigns.error.percentTooLow" });
      else if (!Number.isInteger(percent))
        ctx.addIssue({ code: "custom", path: ["value"], message: "campaigns.error.percentWhole" });
    }
    if (form.endsAt && form.endsAt < form.startsAt) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "campaigns.error.endBeforeStart" });
    }
    for (const field of ["filterMinOrders", "filterMaxRecencyDays", "filterMinPAlive"] as const) {
      const text = form[field];
      if (form.audienceType === "filter" && text !== undefined && !(Number(text) >= 0)) {
        ctx.addIssue({ code: "custom", path: [field], message: "campaigns.error.filterInvalid" });
      }
    }
  });

export type CampaignFormErrors = Partial<Record<string, CampaignMessageKey>>;

/** FormData → the service input, or the errors by field. Amounts are typed in the shop currency. */
export function parseCampaignForm(
  form: FormData,
  shop: { currency: string; timezone: string },
): { ok: true; input: CampaignInput } | { ok: false; errors: CampaignFormErrors } {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const parsed = parseForm(
    campaignFormSchema,
    {
      name: text("name") ?? "",
      audienceType: text("audienceType") ?? "",
      segment: text("segment"),
      filterSegments: form.getAll("filterSegments").filter((value): value is string => typeof value === "string" && value !== ""),
      filterMinOrders: text("filterMinOrders"),
      filterMinNetSpend: text("filterMinNetSpend"),
      filterMaxRecencyDays: text("filterMaxRecencyDays"),
      filterMinPAlive: text("filterMinPAlive"),
      valueType: text("valueType") ?? "percentage",
      value: text("value") ?? "",
      minimumSubtotal: text("minimumSubtotal"),
      startsAt: text("startsAt") ?? "",
      endsAt: text("endsAt"),
      codeMode: text("codeMode") ?? "shared",
      code: text("code"),
      holdoutPercent: text("holdoutPercent") || undefined,
      tagMembers: ["on", "true", "1"].includes(text("tagMembers") ?? ""),
    },
    { fallback: FALLBACK },
  );
  if (!parsed.ok) return { ok: false, errors: parsed.errors as CampaignFormErrors };
  const errors: CampaignFormErrors = {};
  const data = parsed.data;
  const decimals = currencyDecimals(shop.currency);
  const money = (value: string | undefined, field: string, invalid: CampaignMessageKey): number | null => {
    if (value === undefined) return null;
    try {
      return amountToMinorUnits(value.replace(/[,\s]/g, ""), decimals);
    } catch {
      errors[field] = invalid;
      return null;
    }
  };
  let value: CampaignInput["value"];
  if (data.valueType === "percentage") value = { kind: "percentage", percent: Number(data.value) };
  else {
    const amountMinor = money(data.value, "value", "campaigns.error.amountInvalid");
    if (amountMinor !== null && amountMinor <= 0) errors.value = "campaigns.error.amountPositive";
    value = { kind: "fixed", amountMinor: amountMinor ?? 0 };
  }
  const minimumSubtotalMinor = money(data.minimumSubtotal, "minimumSubtotal", "campaigns.error.minimumInvalid");
  if (minimumSubtotalMinor !== null && minimumSubtotalMinor < 0) errors.minimumSubtotal = "campaigns.error.minimumInvalid";
  const minNetSpendMinor = money(data.filterMinNetSpend, "filterMinNetSpend", "campaigns.error.filterInvalid");
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  let audience: Audience;
  if (data.audienceType === "segment") audience = { type: "segment", segment: data.segment ?? "" };
  else if (data.audienceType === "candidates") audience = { type: "candidates" };
  else {
    const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
    const minPAlivePercent = number(data.filterMinPAlive);
    audience = {
      type: "filter",
      filter: {
        ...(data.filterSegments.length ? { segments: data.filterSegments } : {}),
        ...(data.filterMinOrders !== undefined ? { minOrders: Math.floor(Number(data.filterMinOrders)) } : {}),
        ...(minNetSpendMinor !== null ? { minNetSpendMinor } : {}),
        ...(data.filterMaxRecencyDays !== undefined ? { maxRecencyDays: Math.floor(Number(data.filterMaxRecencyDays)) } : {}),
        ...(minPAlivePercent !== undefined ? { minPAlive: Math.min(1, minPAlivePercent / 100) } : {}),
      },
    };
  }
  const startsAt = localMidnight(data.startsAt, shop.timezone);
  // the end date is inclusive: the discount runs until the end of that day
  const endsAt = data.endsAt ? new Date(localMidnight(data.endsAt, shop.timezone).getTime() + 86_400_000) : null;
  return {
    ok: true,
    input: {
      name: data.name,
      audience,
      value,
      minimumSubtotalMinor,
      startsAt,
      endsAt,
      codeMode: data.codeMode,
      sharedCode: data.codeMode === "shared" ? (data.code ?? null) : null,
      holdoutShare: data.holdoutPercent / 100,
      tagMembers: data.tagMembers,
    },
  };
}

/** The message of a field whose issue has no key of its own (a wrong type, a value out of the enum). */
const FALLBACK: Partial<Record<keyof typeof campaignFormSchema.shape | "form", CampaignMessageKey>> = {
  startsAt: "campaigns.error.startInvalid",
  endsAt: "campaigns.error.endInvalid",
  holdoutPercent: "campaigns.error.holdoutRange",
  code: "campaigns.error.codeInvalid",
  segment: "campaigns.error.segmentRequired",
  filterSegments: "campaigns.error.filterInvalid",
  filterMinOrders: "campaigns.error.filterInvalid",
  filterMinNetSpend: "campaigns.error.filterInvalid",
  filterMaxRecencyDays: "campaigns.error.filterInvalid",
  filterMinPAlive: "campaigns.error.filterInvalid",
  name: "campaigns.error.valueRequired",
  audienceType: "campaigns.error.audienceRequired",
  tagMembers: "campaigns.error.valueRequired",
  valueType: "campaigns.error.valueRequired",
  value: "campaigns.error.valueRequired",
  minimumSubtotal: "campaigns.error.valueRequired",
  codeMode: "campaigns.error.valueRequired",
  form: "campaigns.error.valueRequired",
};
