import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignEntryLinks, WIN_BACK_SEGMENTS } from "../../app/campaigns/audience-link";
import { RFM_SEGMENT_KEYS } from "../../app/domain/rfm/segments";
import { loader as detailLoader } from "../../app/routes/app.campaigns.$id";
import { action as newAction, loader as newLoader } from "../../app/routes/app.campaigns.new";
import { type ShopHarness, startShopHarness, writeMetrics } from "../pushback/harness";
import { embeddedAdminRequest } from "../support/shopify-requests";

/**
 * Every "create campaign" button opens the form for its own audience: the loader reads the audience from
 * the link and counts it, the action creates the campaign for exactly those customers, and the campaign
 * page confirms the audience and its size.
 */
let h: ShopHarness;
// 3 champions, 4 at risk, 2 can't lose them, 3 lost; candidates: 2 of the at-risk ones and 1 lost
const segmentOf = (index: number) => (index < 3 ? "champions" : index < 7 ? "at_risk" : index < 9 ? "cant_lose_them" : "lost");
const candidateIndexes = new Set([3, 4, 10]);

beforeAll(async () => {
  h = await startShopHarness({ customers: 12, seed: 21 });
  for (const [index, customerId] of h.customerIds.entries()) {
    await writeMetrics(h.shop, customerId, {
      segment: segmentOf(index),
      futureLoyalScore: candidateIndexes.has(index) ? 0.8 : null,
    });
  }
});
afterAll(() => h.stop());

const sizeOf = (segments: readonly string[]) => h.customerIds.filter((_, index) => segments.includes(segmentOf(index))).length;

interface FormData {
  audience: { type: string; segment?: string; filter?: { segments?: string[] } } | null;
  audienceSize: number | null;
  initial: Record<string, string | string[]>;
}

async function openForm(link: string): Promise<FormData> {
  const data = await newLoader({ request: await embeddedAdminRequest(link, h.shop.domain), params: {}, context: {} });
  return { ...data, initial: { ...data.initial } };
}

/** Submits the form as the page renders it: the loader's initial fields plus the discount. */
async function submit(initial: FormData["initial"], name: string) {
  const body = new URLSearchParams();
  const fields: Record<string, string | string[]> = {
    ...initial,
    name,
    valueType: "percentage",
    value: "15",
    startsAt: "2026-03-01",
    codeMode: "shared",
    holdoutPercent: "25",
  };
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
  }
  const request = await embeddedAdminRequest("/app/campaigns/new", h.shop.domain, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  try {
    return (await newAction({ request, params: {}, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function createdFrom(link: string, name: string) {
  const form = await openForm(link);
  const response = await submit(form.initial, name);
  expect(response.status).toBe(302);
  const id = /\/app\/campaigns\/(\d+)/.exec(response.headers.get("Location") ?? "")?.[1] ?? "";
  const detail = (await detailLoader({
    request: await embeddedAdminRequest(`/app/campaigns/${id}?created=1`, h.shop.domain),
    params: { id },
    context: {},
  })) as {
    campaign: { audience: FormData["audience"]; treated: number; heldOut: number };
  };
  return { form, detail };
}

describe("every entry point opens the form for its own audience", () => {
  it("dashboard win-back: the at-risk and can't-lose-them customers the suggestion counts", async () => {
    const size = sizeOf(WIN_BACK_SEGMENTS);
    expect(size).toBe(6);
    const { form, detail } = await createdFrom(campaignEntryLinks.winBack, "Win back");
    expect(form.audience).toEqual({ type: "filter", filter: { segments: ["at_risk", "cant_lose_them"] } });
    expect(form.audienceSize).toBe(size);
    expect(form.initial).toMatchObject({ audienceType: "filter", filterSegments: ["at_risk", "cant_lose_them"] });
    expect(detail.campaign.audience).toEqual(form.audience);
    expect(detail.campaign.treated + detail.campaign.heldOut).toBe(size);
  });

  for (const segment of ["at_risk", "cant_lose_them", "lost"] as const) {
    it(`segments page row: ${segment}`, async () => {
      const { form, detail } = await createdFrom(campaignEntryLinks.segment(segment), `Row ${segment}`);
      expect(form.audience).toEqual({ type: "segment", segment });
      expect(form.audienceSize).toBe(sizeOf([segment]));
      expect(form.initial).toMatchObject({ audienceType: "segment", segment });
      expect(detail.campaign.audience).toEqual({ type: "segment", segment });
      expect(detail.campaign.treated + detail.campaign.heldOut).toBe(sizeOf([segment]));
    });
  }

  it("loyalty candidates: the customers likely to become loyal", async () => {
    const { form, detail } = await createdFrom(campaignEntryLinks.loyaltyCandidates, "Candidates");
    expect(form.audience).toEqual({ type: "candidates" });
    expect(form.audienceSize).toBe(candidateIndexes.size);
    expect(form.initial).toMatchObject({ audienceType: "candidates" });
    expect(detail.campaign.audience).toEqual({ type: "candidates" });
    expect(detail.campaign.treated + detail.campaign.heldOut).toBe(candidateIndexes.size);
  });

  it("an older ?segment= link still opens that segment; an unknown one preselects nothing", async () => {
    expect((await openForm("/app/campaigns/new?segment=cant_lose_them")).audience).toEqual({
      type: "segment",
      segment: "cant_lose_them",
    });
    const unknown = await openForm("/app/campaigns/new?segment=best_ever");
    expect(unknown.audience).toBeNull();
    expect(unknown.audienceSize).toBeNull();
    expect(unknown.initial.segment ?? "").toBe("");
    const plain = await openForm("/app/campaigns/new");
    expect(plain.audience).toBeNull();
    expect(plain.initial.segment ?? "").toBe("");
  });

  it("no page links to the form except through campaignEntryLinks", () => {
    const files = ["app/routes", "app/components"].flatMap((dir) => readdirSync(dir).map((file) => `${dir}/${file}`));
    const offenders = files.filter(
      (file) =>
        /\.tsx?$/.test(file) && !file.includes("app.campaigns") && /["'`]\/app\/campaigns\/new/.test(readFileSync(file, "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("offers every segment key a link", () => {
    for (const segment of RFM_SEGMENT_KEYS) expect(campaignEntryLinks.segment(segment)).toContain(`segment=${segment}`);
  });
});
