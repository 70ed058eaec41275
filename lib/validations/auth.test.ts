import { describe, expect, it } from "vitest";
import { credentialsSchema, fieldErrors, passwordProblem, profileSchema, registerSchema } from "./auth";

describe("account validation", () => {
  it("accepts a reasonable sign-up and normalises the email", () => {
    expect(registerSchema.parse({ email: "  Fan@Example.COM ", password: "tickets for the show", username: " fan_1 " })).toEqual({
      email: "fan@example.com",
      password: "tickets for the show",
      username: "fan_1",
    });
  });

  it("refuses short, one-note or common passwords", () => {
    expect(passwordProblem("short")).toMatch(/at least 10/);
    expect(passwordProblem("aaaaaaaaaaaa")).toMatch(/more than one/);
    expect(passwordProblem("ababababab")).toMatch(/more than one/);
    expect(passwordProblem("Password123")).toMatch(/common/);
    expect(passwordProblem("x".repeat(129))).toMatch(/at most/);
    expect(passwordProblem("correct horse battery staple")).toBeNull();
  });

  it("reports one message per field", () => {
    const result = registerSchema.safeParse({ email: "not-an-email", password: "short", username: "x" });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(fieldErrors(result.error)).toEqual({
        email: "Enter a valid email address",
        password: "Use at least 10 characters",
        username: "Username must be at least 3 characters",
      });
    }
    const missing = credentialsSchema.safeParse({});
    expect(missing.success).toBe(false);
    if (!missing.success) expect(fieldErrors(missing.error)).toEqual({ email: "Email is required", password: "Password is required" });
  });

  it("never applies strength rules at sign-in (old passwords keep working)", () => {
    expect(credentialsSchema.safeParse({ email: "a@b.co", password: "short" }).success).toBe(true);
  });

  it("turns blank profile fields into null and checks phone numbers", () => {
    expect(profileSchema.parse({ username: "fan", phone: " ", address: "" })).toEqual({ username: "fan", phone: null, address: null });
    expect(profileSchema.parse({ username: "fan", phone: "+1 (312) 555-0100", address: "1 Main St" })).toMatchObject({ phone: "+1 (312) 555-0100" });
    expect(profileSchema.safeParse({ username: "fan", phone: "call me maybe" }).success).toBe(false);
  });
});
