import { Badge } from "@shopify/polaris";
import type { ComponentProps } from "react";
import { useT } from "../i18n/react";
import { segmentName } from "./segment-name";

type Tone = ComponentProps<typeof Badge>["tone"];

const TONES: Record<string, Tone> = {
  champions: "success",
  loyal: "success",
  potential_loyalist: "info",
  new: "info",
  promising: "info",
  need_attention: "attention",
  about_to_sleep: "attention",
  at_risk: "warning",
  cant_lose_them: "critical",
  hibernating: undefined,
  lost: undefined,
};

export function SegmentBadge({ segment }: { segment: string | null }) {
  const t = useT();
  return <Badge tone={segment ? TONES[segment] : undefined}>{segmentName(t, segment)}</Badge>;
}
