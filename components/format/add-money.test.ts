import { describe, expect, it } from "vitest";
import { addMoney } from "./add-money";

describe("addMoney", () => {
  it("adds decimal strings exactly", () => {
    expect(addMoney("49.50", "4.50")).toBe("54.00");
    expect(addMoney("0.10", "0.20")).toBe("0.30");
    expect(addMoney("229", "12.5")).toBe("241.50");
    expect(addMoney("35.00", "0.00")).toBe("35.00");
  });
  it("leaves a malformed amount as it is", () => {
    expect(addMoney("abc", "1.00")).toBe("abc");
    expect(addMoney("1.00", "1.005")).toBe("1.00");
  });
});
