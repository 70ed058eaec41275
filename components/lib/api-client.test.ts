// The browser's API helper: one typed result for every outcome, the API's coded error kept whole.
import { afterEach, describe, expect, it, vi } from "vitest";
import { NETWORK_MESSAGE, requestJson } from "./api-client";

const answer = (status: number, body: string, statusText = "") => vi.fn(async () => new Response(body, { status, statusText }));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("requestJson", () => {
  it("sends JSON with the session cookie and answers the parsed body", async () => {
    const fetch = answer(200, JSON.stringify({ reservation_id: "7" }));
    vi.stubGlobal("fetch", fetch);
    const r = await requestJson<{ reservation_id: string }>("/api/events/ticket/reserve", { method: "POST", body: { ticket_ids: ["1"] } });
    expect(r).toEqual({ ok: true, status: 200, data: { reservation_id: "7" } });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/events/ticket/reserve");
    expect(init).toMatchObject({ method: "POST", credentials: "same-origin", body: '{"ticket_ids":["1"]}' });
    expect(init.headers).toEqual({ accept: "application/json", "content-type": "application/json" });
  });

  it("keeps the API's coded error, its message and its other fields", async () => {
    vi.stubGlobal("fetch", answer(409, JSON.stringify({ error: { code: "seats_unavailable", message: "2 seats were just taken", unavailable_ticket_ids: ["3", "4"] } })));
    expect(await requestJson("/x", { method: "POST", body: {} })).toEqual({
      ok: false,
      error: { status: 409, code: "seats_unavailable", message: "2 seats were just taken", details: { unavailable_ticket_ids: ["3", "4"] } },
    });
  });

  it("words an error answer without a message (or without JSON) with the caller's fallback", async () => {
    vi.stubGlobal("fetch", answer(502, "<html>Bad gateway</html>", "Bad Gateway"));
    expect(await requestJson("/x")).toEqual({ ok: false, error: { status: 502, code: "error", message: "Something went wrong (502)", details: {} } });
    expect(await requestJson("/x", { fallbackMessage: (s, t) => `${s} ${t}` })).toMatchObject({ ok: false, error: { message: "502 Bad Gateway" } });
  });

  it("tells a success answer that is not JSON (bad_response) from one that is JSON null", async () => {
    vi.stubGlobal("fetch", answer(200, "not json"));
    expect(await requestJson("/x")).toMatchObject({ ok: false, error: { status: 200, code: "bad_response" } });
    vi.stubGlobal("fetch", answer(200, "null"));
    expect(await requestJson("/x")).toEqual({ ok: true, status: 200, data: null });
  });

  it("answers a failed fetch (offline, aborted) as status 0 instead of throwing", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    expect(await requestJson("/x")).toEqual({ ok: false, error: { status: 0, code: "network", message: NETWORK_MESSAGE, details: {} } });
    expect(await requestJson("/x", { networkMessage: (e) => (e as Error).message })).toMatchObject({ error: { message: "Failed to fetch" } });
  });
});
