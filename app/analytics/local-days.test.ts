import { createLocalDayNumber } from "../domain/time";
import { ltvEdges } from "./compute";
import { localDayColumn } from "./local-days";

describe("localDayColumn", () => {
  it("agrees with createLocalDayNumber across daylight-saving changes", () => {
    for (const zone of ["America/New_York", "Europe/London", "Asia/Tokyo", "UTC", "Australia/Lord_Howe"]) {
      const exact = createLocalDayNumber(zone);
      // Every 7 minutes through 2025, plus the instants around each DST change.
      const times: number[] = [];
      for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2026, 0, 1); ms += 7 * 60_000) times.push(ms);
      const days = localDayColumn(Float64Array.from(times), times.length, zone);
      let mismatches = 0;
      for (let i = 0; i < times.length; i++) if (days[i] !== exact(times[i])) mismatches++;
      expect(mismatches, zone).toBe(0);
    }
  });
});

describe("ltvEdges", () => {
  it("uses round 1-2-5 amounts from about half the average order value", () => {
    expect(ltvEdges(6_000).slice(0, 6)).toEqual([0, 2_000, 5_000, 10_000, 20_000, 50_000]);
    expect(ltvEdges(4_500, 5)).toEqual([0, 2_000, 5_000, 10_000, 20_000]);
    expect(ltvEdges(0, 4)).toEqual([0, 1, 2, 5]);
  });
});
