/**
 * What Kizuna's backend answers (app/points/customer-account.server.ts, GET /api/customer-account/points)
 * and how the block asks for it: with the customer account session token, never a customer id.
 */
export interface HistoryItem {
  kind: string;
  points: number;
  occurred_at: string;
  order_name: string | null;
}

export interface MemberPoints {
  state: "member";
  points_balance: number;
  tier_name: string;
  tier_key: string | null;
  next_tier_key: string | null;
  currency: string;
  tier_progress: {
    next_tier_name: string | null;
    spend_to_next_minor: number | null;
    progress_percent: number;
  };
  expiring: { points: number; expires_at: string } | null;
  history: HistoryItem[];
}

export type PointsAnswer = MemberPoints | { state: "notMember"; reason: string };

export type PointsState = { kind: "loading" } | { kind: "error" } | { kind: "loaded"; points: PointsAnswer };

export async function fetchPoints(
  appUrl: string,
  sessionToken: () => Promise<string>,
  fetcher: typeof fetch = fetch,
): Promise<PointsState> {
  try {
    const token = await sessionToken();
    const response = await fetcher(new URL("/api/customer-account/points", appUrl).href, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) return { kind: "error" };
    return { kind: "loaded", points: (await response.json()) as PointsAnswer };
  } catch {
    return { kind: "error" };
  }
}
