/**
 * A journey's funnel: per message step, how many customers reached it, got the mail, clicked and converted
 * (recharts, drawn after hydration like the dashboard's charts, with the same numbers in a visually hidden table —
 * both from app/components/Charts.tsx).
 */
import { lazy } from "react";
import { ChartData, ClientOnly } from "./Charts";
import type { FunnelStage } from "./JourneyFunnelDrawing";

const FunnelBars = lazy(() => import("./JourneyFunnelDrawing").then((module) => ({ default: module.JourneyFunnelBars })));

export type { FunnelStage };

export function JourneyFunnelChart({
  stages,
  summary,
  labels,
  number,
}: {
  stages: FunnelStage[];
  summary: string;
  labels: { stage: string; reached: string; sent: string; clicked: string; converted: string };
  number: (value: number) => string;
}) {
  return (
    <div style={{ position: "relative" }}>
      <ChartData
        summary={summary}
        columns={[labels.stage, labels.reached, labels.sent, labels.clicked, labels.converted]}
        rows={stages.map((stage) => [
          stage.label,
          number(stage.reached),
          number(stage.sent),
          number(stage.clicked),
          number(stage.converted),
        ])}
      />
      <ClientOnly height={260}>{() => <FunnelBars stages={stages} labels={labels} number={number} />}</ClientOnly>
    </div>
  );
}
