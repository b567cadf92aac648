/**
 * A journey's funnel: per message step, how many customers reached it, got the mail, clicked and converted
 * (recharts, drawn after hydration like the dashboard's charts — app/components/Charts.tsx). The drawing is
 * hidden from assistive technology; the same numbers are in a visually hidden table captioned with a summary.
 */
import { lazy, Suspense, useEffect, useState } from "react";
import type { FunnelStage } from "./JourneyFunnelDrawing";
import { visuallyHidden } from "./visually-hidden";

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
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <div style={{ position: "relative" }}>
      <table style={visuallyHidden}>
        <caption>{summary}</caption>
        <thead>
          <tr>
            <th scope="col">{labels.stage}</th>
            <th scope="col">{labels.reached}</th>
            <th scope="col">{labels.sent}</th>
            <th scope="col">{labels.clicked}</th>
            <th scope="col">{labels.converted}</th>
          </tr>
        </thead>
        <tbody>
          {stages.map((stage) => (
            <tr key={stage.label}>
              <th scope="row">{stage.label}</th>
              <td>{number(stage.reached)}</td>
              <td>{number(stage.sent)}</td>
              <td>{number(stage.clicked)}</td>
              <td>{number(stage.converted)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div aria-hidden="true" style={{ width: "100%", height: 260 }}>
        {mounted ? (
          <Suspense fallback={null}>
            <FunnelBars stages={stages} labels={labels} number={number} />
          </Suspense>
        ) : null}
      </div>
    </div>
  );
}
