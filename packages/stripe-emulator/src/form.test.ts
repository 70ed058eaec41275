import { describe, expect, it } from "vitest";
import { asList, canonicalParams, parseParams } from "./form";

describe("parseParams", () => {
  it("reads Stripe's bracket notation", () => {
    const params = parseParams(
      "mode=payment&line_items[0][price_data][unit_amount]=1000&line_items[0][quantity]=2&line_items[1][quantity]=1" +
        "&metadata[reservation_id]=5&metadata[7]=seven&expand[]=payment_intent&expand[]=line_items&success_url=http%3A%2F%2Fx%2F%3Fa%3D1%26b%3D2",
    );
    expect(params).toEqual({
      mode: "payment",
      line_items: { 0: { price_data: { unit_amount: "1000" }, quantity: "2" }, 1: { quantity: "1" } },
      metadata: { reservation_id: "5", 7: "seven" },
      expand: ["payment_intent", "line_items"],
      success_url: "http://x/?a=1&b=2",
    });
    expect(asList(params.line_items)).toHaveLength(2);
    expect(asList(params.metadata)).toBeNull();
  });

  it("accepts percent-encoded brackets, indexed lists and '+' for spaces", () => {
    const params = parseParams("expand%5B0%5D=data.payment_intent&expand%5B1%5D=x&name=Ada+Fan");
    expect(asList(params.expand)).toEqual(["data.payment_intent", "x"]);
    expect(params.name).toBe("Ada Fan");
  });

  it("ignores keys that would reach Object.prototype", () => {
    const params = parseParams("a[__proto__][polluted]=1&__proto__[x]=1&constructor[prototype][y]=1&ok=1");
    expect(params).toEqual({ ok: "1" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("compares parameter sets regardless of key order", () => {
    expect(canonicalParams(parseParams("a=1&b[c]=2&b[d]=3"))).toBe(canonicalParams(parseParams("b[d]=3&a=1&b[c]=2")));
    expect(canonicalParams(parseParams("a=1"))).not.toBe(canonicalParams(parseParams("a=2")));
  });
});
