import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiRoute } from "@/lib/http/api-route";
import { AppError } from "@/lib/errors/app-error";
import { logger, REDACTED, resetLogThrottles } from "./logger";
import { currentRequestId, withRequestContext } from "./request-context";

beforeEach(() => resetLogThrottles());
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

function capture(method: "debug" | "info" | "warn" | "error") {
  const lines: string[] = [];
  vi.spyOn(console, method).mockImplementation((line: unknown) => void lines.push(String(line)));
  return lines;
}

describe("logger", () => {
  it("writes one JSON object per line in production, with level, module, message, fields and the request id", () => {
    vi.stubEnv("NODE_ENV", "production");
    const lines = capture("warn");
    withRequestContext({ requestId: "req-1" }, () => logger("payments").warn("refund deferred", { payment_id: "pi_1" }));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({ time: expect.any(String), level: "warn", module: "payments", msg: "refund deferred", request_id: "req-1", payment_id: "pi_1" });
  });

  it("writes a readable line in development and tests, keeping the [module] prefix", () => {
    const lines = capture("info");
    logger("queue").child("restore").info("rebuilt", { places: 3, label: "two words" });
    expect(lines).toEqual(['[queue:restore] rebuilt places=3 label="two words"']);
  });

  it("redacts secrets however deep they sit, in both formats", () => {
    const pretty = capture("error");
    logger("auth").error("failed", { password: "hunter2", headers: { Authorization: "Bearer abc", cookie: "s=1", accept: "json" }, nested: [{ client_secret: "x", apiKey: "y" }] });
    expect(pretty[0]).not.toMatch(/hunter2|Bearer abc|s=1|"x"|"y"/);
    expect(pretty[0]).toContain(REDACTED);
    expect(pretty[0]).toContain("json");
    vi.stubEnv("LOG_FORMAT", "json");
    logger("auth").error("failed", { token: "t0k3n", user: { id: 1, session_token: "abc" } });
    expect(JSON.parse(pretty[1]!)).toMatchObject({ token: REDACTED, user: { id: 1, session_token: REDACTED } });
  });

  it("drops lines below LOG_LEVEL", () => {
    const info = capture("info");
    const warn = capture("warn");
    vi.stubEnv("LOG_LEVEL", "warn");
    logger("x").info("hidden");
    logger("x").warn("shown");
    vi.stubEnv("LOG_LEVEL", "silent");
    logger("x").warn("hidden too");
    expect(info).toEqual([]);
    expect(warn).toEqual(["[x] shown"]);
  });

  it("throttles: one line per interval and key, telling how many were folded in", () => {
    const lines = capture("error");
    const log = logger("api");
    const now = vi.spyOn(Date, "now").mockReturnValue(1_000_000);
    for (let i = 0; i < 5; i++) log.errorEvery("down", 5_000, (folded) => `down (folded ${folded})`);
    log.errorEvery("other", 5_000, "another kind");
    now.mockReturnValue(1_005_000);
    log.errorEvery("down", 5_000, (folded) => `down (folded ${folded})`);
    expect(lines).toEqual(["[api] down (folded 0)", "[api] another kind", "[api] down (folded 4)"]);
    const warn = capture("warn");
    log.warnOnce("k", "once");
    log.warnOnce("k", "once");
    expect(warn).toEqual(["[api] once"]);
  });
});

describe("request ids (apiRoute)", () => {
  const seen: (string | undefined)[] = [];
  const route = apiRoute(async () => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    seen.push(currentRequestId());
    logger("test").warn("inside the handler");
    return Response.json({ ok: true });
  });
  const failing = apiRoute(async () => {
    throw new AppError("not_found", "nothing here");
  });
  const call = (handler: typeof route, headers: HeadersInit = {}) => handler(new Request("http://localhost/api/x", { headers }), { params: Promise.resolve({}) });

  it("keeps a caller's X-Request-Id, answers it, and every line logged inside the call carries it", async () => {
    const lines = capture("warn");
    const response = await call(route, { "x-request-id": "abc-123" });
    expect(response.headers.get("x-request-id")).toBe("abc-123");
    expect(seen.at(-1)).toBe("abc-123");
    expect(lines.at(-1)).toBe("[test] inside the handler request_id=abc-123");
    expect(currentRequestId()).toBeUndefined();
  });

  it("makes a new id when there is none or it is not a short token, and on error responses too", async () => {
    capture("warn");
    const fresh = await call(route);
    const bad = await call(route, { "x-request-id": "<script>" + "x".repeat(200) });
    const error = await call(failing, { "x-request-id": "e-1" });
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(bad.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(bad.headers.get("x-request-id")).not.toBe(fresh.headers.get("x-request-id"));
    expect(error.status).toBe(404);
    expect(error.headers.get("x-request-id")).toBe("e-1");
  });
});
