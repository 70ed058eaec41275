// The header's account corner renders the right links for a visitor and for a signed-in user.
import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Caller } from "@/lib/auth/get-caller";

const state: { caller: Caller | null } = { caller: null };
vi.mock("@/lib/auth/get-caller", () => ({ getCaller: async () => state.caller }));
vi.mock("@/components/auth/actions", () => ({ signOutAction: async () => {} }));

const { UserMenu } = await import("@/components/auth/user-menu");

describe("UserMenu", () => {
  beforeEach(() => {
    state.caller = null;
  });

  it("offers Sign in and Sign up to a visitor", async () => {
    const html = renderToStaticMarkup(await UserMenu());
    expect(html).toContain('href="/signin"');
    expect(html).toContain('href="/signup"');
    expect(html).not.toContain("Sign out");
  });

  it("shows the username with Profile, My tickets and Sign out to a signed-in user", async () => {
    state.caller = { userId: 7, role: "buyer", email: "fan@openseat.dev", username: "fan" };
    const html = renderToStaticMarkup(await UserMenu());
    expect(html).toContain(">fan</span>");
    expect(html).toContain('href="/account"');
    expect(html).toContain('href="/account/tickets"');
    expect(html).toMatch(/<button[^>]*type="submit"[^>]*>Sign out<\/button>/);
    expect(html).not.toContain('href="/signin"');
  });
});
