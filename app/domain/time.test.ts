import {
  civilFromDayNumber,
  createLocalDayNumber,
  dayNumberFromIsoDate,
  isoDateFromDayNumber,
  monthIndexFromDayNumber,
  monthKey,
  toLocalDayNumbers,
} from "./time";

describe("day numbers", () => {
  it("round-trips ISO dates, including leap days and centuries", () => {
    expect(dayNumberFromIsoDate("1970-01-01")).toBe(0);
    expect(dayNumberFromIsoDate("1997-09-30")).toBe(Date.UTC(1997, 8, 30) / 86_400_000);
    for (const iso of ["2000-02-29", "1900-03-01", "2024-12-31", "1969-12-31"]) {
      expect(isoDateFromDayNumber(dayNumberFromIsoDate(iso))).toBe(iso);
    }
    for (let d = -800; d < 80_000; d += 37) {
      const date = new Date(d * 86_400_000);
      expect(civilFromDayNumber(d)).toEqual({
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
      });
    }
  });

  it("rejects malformed and impossible dates", () => {
    expect(() => dayNumberFromIsoDate("2023-02-30")).toThrow(/not a real calendar date/);
    expect(() => dayNumberFromIsoDate("30/09/1997")).toThrow(/YYYY-MM-DD/);
  });

  it("numbers months consecutively", () => {
    expect(monthIndexFromDayNumber(dayNumberFromIsoDate("1970-01-31"))).toBe(0);
    expect(monthKey(monthIndexFromDayNumber(dayNumberFromIsoDate("2024-02-29")))).toBe("2024-02");
    expect(monthKey(monthIndexFromDayNumber(dayNumberFromIsoDate("1969-12-01")))).toBe("1969-12");
  });
});

describe("local day numbers", () => {
  it("buckets timestamps into the shop's calendar day", () => {
    const ms = Date.UTC(2024, 0, 31, 15, 30); // 2024-01-31 15:30 UTC = 2024-02-01 00:30 in Tokyo
    expect(isoDateFromDayNumber(createLocalDayNumber("UTC")(ms))).toBe("2024-01-31");
    expect(isoDateFromDayNumber(createLocalDayNumber("Asia/Tokyo")(ms))).toBe("2024-02-01");
    expect(isoDateFromDayNumber(createLocalDayNumber("America/Los_Angeles")(ms))).toBe("2024-01-31");
  });

  it("handles DST changes inside an hour (New York, spring forward and fall back)", () => {
    const toLocal = createLocalDayNumber("America/New_York");
    // 2024-03-10 06:59 UTC = 01:59 EST; 07:01 UTC = 03:01 EDT — same local day.
    expect(isoDateFromDayNumber(toLocal(Date.UTC(2024, 2, 10, 6, 59)))).toBe("2024-03-10");
    // 2024-11-03 04:30 UTC = 00:30 EDT on the 3rd; 03:59 UTC = 23:59 EDT on the 2nd.
    expect(isoDateFromDayNumber(toLocal(Date.UTC(2024, 10, 3, 4, 30)))).toBe("2024-11-03");
    expect(isoDateFromDayNumber(toLocal(Date.UTC(2024, 10, 3, 3, 59)))).toBe("2024-11-02");
    // Lord Howe Island shifts by 30 minutes at 02:00 local — not on a UTC hour boundary.
    const lordHowe = createLocalDayNumber("Australia/Lord_Howe");
    const reference = new Intl.DateTimeFormat("en-CA", { timeZone: "Australia/Lord_Howe" });
    for (let ms = Date.UTC(2024, 3, 6, 12); ms < Date.UTC(2024, 3, 7, 18); ms += 7 * 60_000) {
      expect(isoDateFromDayNumber(lordHowe(ms))).toBe(reference.format(ms));
    }
  });

  it("converts whole columns and rejects unknown zones", () => {
    const days = toLocalDayNumbers([0, 86_400_000 - 1], "Europe/Berlin");
    expect(Array.from(days)).toEqual([0, 1]);
    expect(() => toLocalDayNumbers([0], "Mars/Olympus")).toThrow(RangeError);
    expect(() => toLocalDayNumbers([], "Mars/Olympus")).toThrow(RangeError);
  });

  it("agrees with createLocalDayNumber across daylight-saving changes", () => {
    for (const zone of ["America/New_York", "Europe/London", "Asia/Tokyo", "UTC", "Australia/Lord_Howe"]) {
      const exact = createLocalDayNumber(zone);
      // Every 7 minutes through 2025, plus the instants around each DST change.
      const times: number[] = [];
      for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2026, 0, 1); ms += 7 * 60_000) times.push(ms);
      const days = toLocalDayNumbers(Float64Array.from(times), zone);
      let mismatches = 0;
      for (let i = 0; i < times.length; i++) if (days[i] !== exact(times[i])) mismatches++;
      expect(mismatches, zone).toBe(0);
    }
  });
});
