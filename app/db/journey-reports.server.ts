import type { Db } from "./client.server";
import type { ShopRef } from "./shops.server";

/**
 * The read side of journeys for the admin: the list's rows, one journey as stored, and what a customer went
 * through (the customer page). Every query is scoped by shop; a journey id of another shop reads as missing.
 * The engine (app/db/journeys.server.ts, app/journeys) owns every write and the per-step results with lift.
 */

export interface JourneyListRow {
  id: number;
  name: string;
  templateKey: string | null;
  /** draft | active | paused | archived */
  status: string;
  holdoutShare: number;
  activatedAt: number | null;
  createdAt: number;
  /** entries still moving through the steps (treatment and hold-out) */
  inProgress: number;
  /** entries ever started (treatment and hold-out) */
  entered: number;
  /** messages that reached the mail server */
  sent: number;
  /** entries that ended converted (an order after entering) */
  converted: number;
}

export async function listJourneyRows(client: Db, shop: ShopRef): Promise<JourneyListRow[]> {
  const where = { shopId: shop.id };
  const [journeys, entries, sent] = await Promise.all([
    client.journey.findMany({
      where: { ...where, status: { not: "archived" } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, name: true, templateKey: true, status: true, holdoutShare: true, activatedAt: true, createdAt: true },
    }),
    client.journeyEntry.groupBy({ by: ["journeyId", "state"], where, _count: { _all: true } }),
    client.journeyMessage.groupBy({ by: ["journeyId"], where: { ...where, status: "sent" }, _count: { _all: true } }),
  ]);
  const sentBy = new Map(sent.map((row) => [row.journeyId, row._count._all]));
  return journeys.map((journey) => {
    const states = entries.filter((row) => row.journeyId === journey.id);
    const count = (state?: string) =>
      states.filter((row) => state === undefined || row.state === state).reduce((sum, row) => sum + row._count._all, 0);
    return {
      id: journey.id,
      name: journey.name,
      templateKey: journey.templateKey,
      status: journey.status,
      holdoutShare: journey.holdoutShare,
      activatedAt: journey.activatedAt?.getTime() ?? null,
      createdAt: journey.createdAt.getTime(),
      inProgress: count("active"),
      entered: count(),
      sent: sentBy.get(journey.id) ?? 0,
      converted: count("converted"),
    };
  });
}

export interface StoredJourney {
  id: number;
  name: string;
  templateKey: string | null;
  status: string;
  /** the definition JSON as stored (validate with parseJourneyDefinition before use) */
  definition: string;
  holdoutShare: number;
  attributionDays: number;
  activatedAt: number | null;
  updatedAt: number;
}

/** One journey of the shop, or null (also for another shop's id). */
export async function getStoredJourney(client: Db, shop: ShopRef, journeyId: number): Promise<StoredJourney | null> {
  const journey = await client.journey.findFirst({ where: { id: journeyId, shopId: shop.id } });
  if (!journey) return null;
  return {
    id: journey.id,
    name: journey.name,
    templateKey: journey.templateKey,
    status: journey.status,
    definition: journey.definition,
    holdoutShare: journey.holdoutShare,
    attributionDays: journey.attributionDays,
    activatedAt: journey.activatedAt?.getTime() ?? null,
    updatedAt: journey.updatedAt.getTime(),
  };
}

/** The template keys the shop already has a (non-archived) journey for: their cards say "in use". */
export async function journeyIdsByTemplate(client: Db, shop: ShopRef): Promise<Map<string, number>> {
  const rows = await client.journey.findMany({
    where: { shopId: shop.id, status: { not: "archived" }, templateKey: { not: null } },
    orderBy: { id: "asc" },
    select: { id: true, templateKey: true },
  });
  const ids = new Map<string, number>();
  for (const row of rows) if (row.templateKey && !ids.has(row.templateKey)) ids.set(row.templateKey, row.id);
  return ids;
}

export interface CustomerJourneyEntry {
  id: number;
  journeyId: number;
  journeyName: string;
  templateKey: string | null;
  /** treatment | holdout */
  group: string;
  /** active | converted | completed | exited */
  state: string;
  exitReason: string | null;
  /** index of the next step to run */
  stepIndex: number;
  enteredAt: number;
  finishedAt: number | null;
  dueAt: number | null;
}

export interface CustomerJourneyMessage {
  id: number;
  journeyId: number;
  journeyName: string;
  /** 0-based index of the step that wrote it */
  stepIndex: number;
  templateKey: string;
  /** what the customer page shows: a sent message that was clicked or led to an unsubscribe says so */
  status:
    | "pending"
    | "sending"
    | "sent"
    | "clicked"
    | "unsubscribed"
    | "rejected"
    | "bounced"
    | "suppressed"
    | "held-out"
    | "failed";
  /** why it was suppressed or failed (no-consent, unsubscribed, frequency-cap, no-address, smtp: …) */
  detail: string | null;
  clicks: number;
  /** when it was sent, else when it was written */
  at: number;
}

export interface CustomerJourneys {
  entries: CustomerJourneyEntry[];
  messages: CustomerJourneyMessage[];
}

const SHOWN = 100;

function messageStatus(row: { status: string; clicks: number; unsubscribedAt: Date | null }): CustomerJourneyMessage["status"] {
  if (row.status === "sent" && row.unsubscribedAt) return "unsubscribed";
  if (row.status === "sent" && row.clicks > 0) return "clicked";
  switch (row.status) {
    case "pending":
    case "sending":
    case "sent":
    case "rejected":
    case "bounced":
    case "suppressed":
    case "held-out":
      return row.status;
    default:
      return "failed";
  }
}

/** The journeys a customer is or was in, newest first, and every message written for them (the latest 100). */
export async function customerJourneys(client: Db, shop: ShopRef, customerId: bigint): Promise<CustomerJourneys> {
  const where = { shopId: shop.id, customerId };
  const [entries, messages] = await Promise.all([
    client.journeyEntry.findMany({
      where,
      orderBy: [{ enteredAt: "desc" }, { id: "desc" }],
      take: SHOWN,
      include: { journey: { select: { name: true, templateKey: true } } },
    }),
    client.journeyMessage.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: SHOWN,
      include: { journey: { select: { name: true } } },
    }),
  ]);
  return {
    entries: entries.map((entry) => ({
      id: entry.id,
      journeyId: entry.journeyId,
      journeyName: entry.journey.name,
      templateKey: entry.journey.templateKey,
      group: entry.groupName,
      state: entry.state,
      exitReason: entry.exitReason,
      stepIndex: entry.stepIndex,
      enteredAt: entry.enteredAt.getTime(),
      finishedAt: entry.finishedAt?.getTime() ?? null,
      dueAt: entry.dueAt?.getTime() ?? null,
    })),
    messages: messages.map((message) => ({
      id: message.id,
      journeyId: message.journeyId,
      journeyName: message.journey.name,
      stepIndex: message.stepIndex,
      templateKey: message.templateKey,
      status: messageStatus(message),
      detail: message.detail,
      clicks: message.clicks,
      at: (message.sentAt ?? message.createdAt).getTime(),
    })),
  };
}
