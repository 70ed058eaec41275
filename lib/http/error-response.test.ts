// toErrorResponse: coded errors keep their status (and Retry-After in header and body); a dependency
// that is down, overloaded or too slow becomes 503 + Retry-After, whichever layer reports it; other
// failures stay 500 without internals. The error shapes are the ones pg, the pg pool, Prisma 7's
// adapter-pg, ioredis and @upstash/redis produce (checked against those versions by hand).
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { RedisStoreError } from "@/lib/redis";
import { isUnavailable, toErrorResponse } from "./error-response";

afterEach(() => {
  vi.restoreAllMocks();
});

/** What Prisma throws for a statement PostgreSQL cancelled: the SQLSTATE sits in the adapter's error. */
function prismaDriverError(prismaCode: string, sqlState: string, message: string) {
  const adapterError = Object.assign(new Error(message), {
    name: "DriverAdapterError",
    cause: { originalCode: sqlState, originalMessage: message, kind: "postgres", code: sqlState, severity: "ERROR", message },
  });
  return Object.assign(new Error(`\nInvalid \`prisma.$queryRaw()\` invocation:\n\n\nRaw query failed. Code: \`${sqlState}\`. Message: \`${message}\``), {
    name: "PrismaClientKnownRequestError",
    code: prismaCode,
    meta: { driverAdapterError: adapterError },
  });
}

describe("isUnavailable", () => {
  it("recognises PostgreSQL that is unreachable, overloaded or too slow", () => {
    const cases: unknown[] = [
      new Error("timeout exceeded when trying to connect"), // pool: no free connection in time
      Object.assign(new Error("Connection terminated due to connection timeout"), { cause: new Error("Connection terminated unexpectedly") }),
      new Error("Query read timeout"), // query_timeout
      new Error("Client has encountered a connection error and is not queryable"),
      prismaDriverError("P2010", "57014", "canceling statement due to statement timeout"),
      prismaDriverError("P2039", "57014", "canceling statement due to statement timeout"),
      prismaDriverError("P2010", "55P03", "canceling statement due to lock timeout"),
      prismaDriverError("P2010", "57P01", "terminating connection due to administrator command"),
      Object.assign(new Error("Can't reach database server at 127.0.0.1:1"), { code: "P1001" }),
      Object.assign(new Error("Transaction already closed: the timeout for this transaction was 5000 ms"), { code: "P2028" }),
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", syscall: "connect", errno: -111 }),
    ];
    for (const error of cases) expect(isUnavailable(error), String((error as Error).message)).toBe(true);
  });

  it("recognises Redis that is unreachable or too slow", () => {
    const cases = [
      new RedisStoreError("tcp", "EVALSHA hold-claim", new Error("Command timed out")),
      new RedisStoreError("tcp", "GET", new Error("Stream isn't writeable and enableOfflineQueue options is false")),
      new RedisStoreError("tcp", "GET", new Error('Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.')),
      new RedisStoreError("upstash", "GET", new DOMException("The operation was aborted due to timeout", "TimeoutError")),
      new RedisStoreError("upstash", "GET", Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) })),
    ];
    for (const error of cases) expect(isUnavailable(error), error.message).toBe(true);
  });

  it("recognises by class or code, whatever the message says", async () => {
    const { MaxRetriesPerRequestError } = await import("ioredis/built/errors");
    const cases: unknown[] = [
      new RedisStoreError("upstash", "GET", new DOMException("signal timed out", "TimeoutError")),
      new RedisStoreError("tcp", "GET", new MaxRetriesPerRequestError(3)),
      Object.assign(new Error("Authentication failed against the database server"), { name: "PrismaClientInitializationError", errorCode: "P1001" }),
    ];
    for (const error of cases) expect(isUnavailable(error), String((error as Error).message)).toBe(true);
  });

  it("leaves bugs and data errors alone", () => {
    const cases: unknown[] = [
      new Error("Cannot read properties of undefined"),
      prismaDriverError("P2010", "23505", "duplicate key value violates unique constraint"),
      prismaDriverError("P2010", "42P01", 'relation "nope" does not exist'),
      new RedisStoreError("tcp", "EVALSHA hold-claim", new Error("ERR user_script:3: attempt to compare nil with number")),
      null,
      "a string",
    ];
    for (const error of cases) expect(isUnavailable(error)).toBe(false);
  });

  it("does not loop on a cyclic cause chain", () => {
    const a: Error & { cause?: unknown } = new Error("a");
    const b: Error & { cause?: unknown } = new Error("b");
    a.cause = b;
    b.cause = a;
    expect(isUnavailable(a)).toBe(false);
  });
});

describe("toErrorResponse", () => {
  it("answers 503 with Retry-After for an unavailable dependency, without its internals", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = toErrorResponse(prismaDriverError("P2010", "57014", "canceling statement due to statement timeout"));
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(body).toEqual({ error: { code: "unavailable", message: expect.stringMatching(/temporarily unavailable/), retry_after_seconds: 5 } });
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0]![0])).toMatch(/answered 503: Raw query failed. Code: `57014`/);
    // An outage is one log line per few seconds, not one per request.
    for (let i = 0; i < 5; i++) toErrorResponse(new Error("timeout exceeded when trying to connect"));
    expect(logged).toHaveBeenCalledTimes(1);
  });

  it("puts Retry-After in the header and the body of a coded error", async () => {
    const response = toErrorResponse(new AppError("rate_limited", "Too many requests", { retryAfterSeconds: 12.2 }));
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("13");
    expect(await response.json()).toEqual({ error: { code: "rate_limited", message: "Too many requests", retry_after_seconds: 13 } });
    const plain = toErrorResponse(new AppError("conflict", "Taken", { field: "email" }));
    expect(plain.headers.get("Retry-After")).toBeNull();
    expect(await plain.json()).toEqual({ error: { code: "conflict", message: "Taken", field: "email" } });
  });

  it("answers 500 without internals for anything else", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const response = toErrorResponse(new Error("secret internals"));
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toMatch(/secret/);
  });
});
