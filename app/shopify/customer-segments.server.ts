import type { AdminClient } from "./admin-client.server";
import type { KizunaSegmentsQuery } from "./generated/admin.generated";
import {
  CUSTOMER_SEGMENT_MEMBERS_QUERY,
  SEGMENT_CREATE_MUTATION,
  SEGMENT_UPDATE_MUTATION,
  SEGMENTS_QUERY,
} from "./operations/segments";

/** Shopify's own customer segments: create, update, find by name, count members (decision 027). */

export interface ShopifySegment {
  id: string;
  name: string;
  query: string;
}

export type SegmentWriteResult =
  | { ok: true; segment: ShopifySegment }
  /** `missing`: the segment was deleted in Shopify; `nameTaken`: another segment has the name */
  | { ok: false; reason: "missing" | "nameTaken" | "refused"; message: string };

function refusal(userErrors: { field?: string[] | null; message: string }[]): SegmentWriteResult {
  const message = userErrors.map((error) => error.message).join("; ");
  if (userErrors.some((error) => error.field?.includes("id") || /does not exist|not found/i.test(error.message))) {
    return { ok: false, reason: "missing", message };
  }
  if (userErrors.some((error) => error.field?.includes("name") && /taken/i.test(error.message))) {
    return { ok: false, reason: "nameTaken", message };
  }
  return { ok: false, reason: "refused", message };
}

export async function createShopifySegment(client: AdminClient, name: string, query: string): Promise<SegmentWriteResult> {
  const data = await client.request(SEGMENT_CREATE_MUTATION, { name, query }, 10);
  const segment = data.segmentCreate?.segment;
  const userErrors = data.segmentCreate?.userErrors ?? [];
  if (segment && userErrors.length === 0) return { ok: true, segment };
  return refusal(userErrors.length > 0 ? userErrors : [{ message: "Shopify created no segment" }]);
}

export async function updateShopifySegment(
  client: AdminClient,
  id: string,
  name: string,
  query: string,
): Promise<SegmentWriteResult> {
  const data = await client.request(SEGMENT_UPDATE_MUTATION, { id, name, query }, 10);
  const segment = data.segmentUpdate?.segment;
  const userErrors = data.segmentUpdate?.userErrors ?? [];
  if (segment && userErrors.length === 0) return { ok: true, segment };
  return refusal(userErrors.length > 0 ? userErrors : [{ field: ["id"], message: "Segment does not exist" }]);
}

/** The shop's segment with exactly this name, if any (to adopt it rather than fail on a taken name). */
export async function findShopifySegmentByName(client: AdminClient, name: string): Promise<ShopifySegment | null> {
  let after: string | null = null;
  for (;;) {
    const data: KizunaSegmentsQuery = await client.request(SEGMENTS_QUERY, { after }, 102);
    const found = data.segments.nodes.find((segment) => segment.name === name);
    if (found) return found;
    if (!data.segments.pageInfo.hasNextPage) return null;
    after = data.segments.pageInfo.endCursor ?? null;
  }
}

/** How many customers a segment query selects (Shopify counts them; the first page is enough). */
export async function countSegmentMembers(client: AdminClient, query: string): Promise<number> {
  const data = await client.request(CUSTOMER_SEGMENT_MEMBERS_QUERY, { query, first: 1, after: null }, 10);
  return data.customerSegmentMembers.totalCount;
}
