import type { CSSProperties } from "react";

/** Out of sight but read by screen readers (the usual clip pattern, as Polaris' visuallyHidden Text uses). */
export const visuallyHidden: CSSProperties = {
  position: "absolute",
  width: "1px",
  height: "1px",
  padding: 0,
  margin: "-1px",
  overflow: "hidden",
  clip: "rect(0, 0, 0, 0)",
  whiteSpace: "nowrap",
  border: 0,
};
