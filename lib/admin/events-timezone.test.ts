import { describe, expect, it } from "vitest";
import { localToUtc, utcToLocal } from "./events-timezone";

describe("venue wall-clock times", () => {
  it("converts a Chicago evening to UTC and back, in summer and in winter", () => {
    expect(localToUtc("2027-07-04T20:00", "America/Chicago")?.toISOString()).toBe("2027-07-05T01:00:00.000Z");
    expect(localToUtc("2027-01-15T20:00", "America/Chicago")?.toISOString()).toBe("2027-01-16T02:00:00.000Z");
    expect(utcToLocal(new Date("2027-07-05T01:00:00Z"), "America/Chicago")).toBe("2027-07-04T20:00");
  });
  it("refuses a time skipped by daylight saving and takes the earlier of a repeated one", () => {
    expect(localToUtc("2027-03-14T02:30", "America/Chicago")).toBeNull();
    expect(localToUtc("2027-11-07T01:30", "America/Chicago")?.toISOString()).toBe("2027-11-07T06:30:00.000Z");
  });
  it("refuses text that is not a real date-time", () => {
    for (const bad of ["2027-02-30T20:00", "2027-13-01T10:00", "2027-01-01 10:00", "2027-01-01T24:00", "tomorrow"]) expect(localToUtc(bad, "UTC")).toBeNull();
    expect(localToUtc("2027-01-01T10:00", "Asia/Kolkata")?.toISOString()).toBe("2027-01-01T04:30:00.000Z");
    // A zone the platform does not know reads as UTC instead of throwing.
    expect(localToUtc("2027-01-01T10:00", "Mars/Olympus_Mons")?.toISOString()).toBe("2027-01-01T10:00:00.000Z");
  });
});
