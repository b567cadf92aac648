import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findCampaign, iterateCampaignMembers } from "../db/campaigns.server";
import { db } from "../db/client.server";
import { type CampaignGroup, campaignGroupTag } from "../domain/pushback/plan";
import { csvDownload } from "../lib/csv";
import { requireShop } from "../require-shop.server";

/**
 * CSV of a campaign's members: who is in the treatment group and who is held out, and which code each
 * treated customer can use (their unique code, or the shared one), and the tag their group carries in
 * Shopify when the merchant chose to tag the groups. Streamed 1,000 members at a time. A resource route: no UI.
 */
const HEADER = ["customer_id", "first_name", "last_name", "email", "group", "code", "tag"];
const idParam = z.coerce.number().int().positive();

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const id = idParam.safeParse(params.id);
  const campaign = id.success ? await findCampaign(db(), shop, id.data) : null;
  if (!campaign) throw new Response("Campaign not found", { status: 404 });
  const batches = iterateCampaignMembers(db(), shop, campaign.id, 1000);
  return csvDownload(`kizuna-campaign-${campaign.id}-members.csv`, HEADER, batches, (member) => {
    const group: CampaignGroup = member.groupName === "holdout" ? "holdout" : "treatment";
    return [
      member.customerId.toString(),
      member.firstName,
      member.lastName,
      member.email,
      group,
      group === "treatment" ? (member.code ?? campaign.sharedCode) : null,
      campaign.tagMembers ? campaignGroupTag(campaign.id, group) : null,
    ];
  });
};
