import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findCampaign, iterateCampaignMembers } from "../db/campaigns.server";
import { db } from "../db/client.server";
import { type CampaignGroup, campaignGroupTag } from "../domain/pushback/plan";
import { csvLines } from "../lib/csv";
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
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // A BOM so Excel opens Japanese names as UTF-8.
      controller.enqueue(encoder.encode(`\uFEFF${csvLines([HEADER])}`));
    },
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) {
          controller.close();
          return;
        }
        const rows = next.value.map((member) => {
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
        controller.enqueue(encoder.encode(csvLines(rows)));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="kizuna-campaign-${campaign.id}-members.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
