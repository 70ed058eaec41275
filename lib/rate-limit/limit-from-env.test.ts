import { afterEach, describe, expect, it, vi } from "vitest";
import { limitFromEnv } from "./limit-from-env";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("limitFromEnv", () => {
  it("reads whole numbers, 0 included; unset or blank is the default", () => {
    expect(limitFromEnv("X_LIMIT", 5, { X_LIMIT: " 7 " })).toBe(7);
    expect(limitFromEnv("X_LIMIT", 5, { X_LIMIT: "0" })).toBe(0);
    expect(limitFromEnv("X_LIMIT", 5, { X_LIMIT: "" })).toBe(5);
    expect(limitFromEnv("X_LIMIT", 5, {})).toBe(5);
  });

  it("keeps the default for anything else and says so once per value", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const bad of ["-1", "1.5", "1e3", "ten", "0x10", "99999999999999999999"]) {
      expect(limitFromEnv("Y_LIMIT", 5, { Y_LIMIT: bad })).toBe(5);
      expect(limitFromEnv("Y_LIMIT", 5, { Y_LIMIT: bad })).toBe(5);
    }
    expect(warn).toHaveBeenCalledTimes(6);
    expect(String(warn.mock.calls[0]![0])).toMatch(/Y_LIMIT must be a whole number >= 0.*"-1".*using 5/);
  });
});
