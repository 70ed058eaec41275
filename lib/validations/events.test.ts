import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors/app-error";
import { parseEventSearchQuery, parseId } from "@/lib/validations/events";

function rejection(params: Record<string, string>): { code: string; message: string; field?: unknown } {
  try {
    parseEventSearchQuery(new URLSearchParams(params));
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.message, field: e.details?.field };
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(params)} to be rejected`);
}

describe("parseEventSearchQuery", () => {
  it("applies defaults", () => {
    expect(parseEventSearchQuery(new URLSearchParams())).toEqual({ sort_by: "date", order: "asc", page: 1, size: 20 });
  });

  it("refuses NUL and other control characters in text filters (PostgreSQL text cannot hold NUL)", () => {
    // Found by the fuzzer: `?type=%00` reached PostgreSQL and came back as a 500.
    expect(rejection({ type: "\u0000" })).toMatchObject({ code: "validation_error", field: "type" });
    expect(rejection({ q: "jazz\u0000" })).toMatchObject({ code: "validation_error", field: "q" });
    expect(rejection({ location: "a\u001bb" })).toMatchObject({ code: "validation_error", field: "location" });
    expect(parseEventSearchQuery({ q: "rock\troll" }).q).toBe("rock\troll");
  });

  it("reads every filter, dates as whole UTC days", () => {
    const q = parseEventSearchQuery({
      q: "  jazz night ",
      type: "concert",
      location: "Chicago, IL",
      date_from: "2026-12-01",
      date_to: "2026-12-31",
      sort_by: "event_name",
      order: "desc",
      page: "3",
      size: "50",
    });
    expect(q).toMatchObject({ q: "jazz night", type: "concert", location: "Chicago, IL", sort_by: "event_name", order: "desc", page: 3, size: 50 });
    expect(q.date_from?.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(q.date_to?.toISOString()).toBe("2026-12-31T23:59:59.999Z");
  });

  it("accepts ISO date-times with an offset and takes the first of repeated values", () => {
    const q = parseEventSearchQuery(new URLSearchParams("date_from=2026-05-18T12:16:20.333Z&page=2&page=9"));
    expect(q.date_from?.toISOString()).toBe("2026-05-18T12:16:20.333Z");
    expect(q.page).toBe(2);
    expect(parseEventSearchQuery({ page: ["4", "5"] }).page).toBe(4);
  });

  it("treats empty form fields as absent", () => {
    expect(parseEventSearchQuery({ q: "", type: "", date_from: " " })).toEqual({ sort_by: "date", order: "asc", page: 1, size: 20 });
  });

  it.each([
    [{ sort_by: "price" }, "sort_by"],
    [{ order: "up" }, "order"],
    [{ page: "0" }, "page"],
    [{ page: "-1" }, "page"],
    [{ page: "1.5" }, "page"],
    [{ page: "abc" }, "page"],
    [{ size: "100000" }, "size"],
    [{ size: "0" }, "size"],
    [{ date_from: "yesterday" }, "date_from"],
    [{ date_from: "2026-02-31" }, "date_from"],
    [{ date_to: "2026-13-01" }, "date_to"],
    [{ date_from: "2026-12-31", date_to: "2026-12-01" }, "date_from"],
    [{ q: "x".repeat(101) }, "q"],
  ])("rejects %j with a validation error on %s", (params, field) => {
    const r = rejection(params);
    expect(r.code).toBe("validation_error");
    expect(r.field).toBe(field);
    expect(r.message.length).toBeGreaterThan(0);
  });
});

describe("parseId", () => {
  it("accepts positive int4 ids", () => {
    expect(parseId("event_id", "42")).toBe(42);
    expect(parseId("event_id", "2147483647")).toBe(2147483647);
  });

  it.each(["0", "-1", "abc", "1e3", "2147483648", "99999999999", "", " 1", "1; DROP TABLE event"])("rejects %j", (value) => {
    expect(() => parseId("event_id", value)).toThrowError(/event_id must be a positive integer/);
  });
});
