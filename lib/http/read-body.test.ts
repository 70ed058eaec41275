// The bounded body reader: reads at most the limit, refuses a declared length over it before
// reading, stops pulling (and cancels) a stream as soon as it passes the limit.
import { describe, expect, it } from "vitest";
import { readJson } from "@/lib/http/api-route";
import { isJsonContentType, readBodyBytes, readBodyText } from "@/lib/http/read-body";

/** A body that yields `chunks` chunks of `size` bytes, counting what the reader pulls. */
function countingBody(chunks: number, size: number) {
  const state = { pulled: 0, bytes: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled === chunks) return controller.close();
        state.pulled += 1;
        state.bytes += size;
        controller.enqueue(new Uint8Array(size).fill(0x61));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    // No read-ahead: a chunk is produced only when the reader asks for one.
    { highWaterMark: 0 },
  );
  return { stream, state };
}

function post(body: BodyInit | ReadableStream<Uint8Array> | null, headers: Record<string, string> = {}) {
  return new Request("http://localhost/x", { method: "POST", headers, body, duplex: "half" } as RequestInit);
}

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

describe("readBodyBytes", () => {
  it("reads a body within the limit whole, up to exactly the limit", async () => {
    expect(await readBodyText(post("hello"), 5)).toBe("hello");
    expect((await readBodyBytes(post(null), 5)).byteLength).toBe(0);
  });

  it("a streamed body over the limit: 413 once the limit is passed, the rest never pulled", async () => {
    // 16 MB offered in 16 KB chunks against a 64 KB limit.
    const { stream, state } = countingBody(1024, 16 * 1024);
    expect(await code(readBodyBytes(post(stream), 64 * 1024))).toBe("payload_too_large");
    // 64 KB is 4 chunks: the 5th passes the limit and is the last one pulled.
    expect(state.pulled).toBe(5);
    // Not cancelled: under next start that would destroy the socket before the 413 is written.
    expect(state.cancelled).toBe(false);
  });

  it("a declared Content-Length over the limit: 413 before a single chunk is read", async () => {
    const { stream, state } = countingBody(10, 1024);
    expect(await code(readBodyBytes(post(stream, { "content-length": "10240" }), 1000))).toBe("payload_too_large");
    expect(state.pulled).toBe(0);
  });

  it("a body longer than its declared Content-Length is still cut at the limit", async () => {
    const { stream, state } = countingBody(100, 1000);
    expect(await code(readBodyBytes(post(stream, { "content-length": "10" }), 4000))).toBe("payload_too_large");
    expect(state.pulled).toBe(5);
  });

  it("invalid UTF-8 is a 400, a malformed Content-Length too", async () => {
    expect(await code(readBodyText(post(new Uint8Array([0xff, 0xfe])), 10))).toBe("bad_request");
    expect(await code(readBodyBytes(post("x", { "content-length": "abc" }), 10))).toBe("bad_request");
  });
});

describe("readJson", () => {
  const json = (body: BodyInit | null, contentType?: string) => post(body, contentType ? { "content-type": contentType } : {});

  it("takes application/json with or without charset, and application/*+json", async () => {
    expect(await readJson(json('{"a":1}', "application/json"))).toEqual({ a: 1 });
    expect(await readJson(json('{"a":1}', "Application/JSON; charset=utf-8"))).toEqual({ a: 1 });
    expect(await readJson(json('{"a":1}', "application/merge-patch+json"))).toEqual({ a: 1 });
  });

  it("refuses text/plain, forms and a missing content type with 415, before reading the body", async () => {
    const { stream, state } = countingBody(10, 1024);
    expect(await code(readJson(post(stream, { "content-type": "text/plain" })))).toBe("unsupported_media_type");
    expect(state.pulled).toBe(0);
    // A string body gets text/plain;charset=UTF-8 from the Request constructor.
    expect(await code(readJson(post('{"a":1}')))).toBe("unsupported_media_type");
    expect(await code(readJson(json("a=1", "application/x-www-form-urlencoded")))).toBe("unsupported_media_type");
    expect(await code(readJson(json('{"a":1}', "application/jsonx")))).toBe("unsupported_media_type");
  });

  it("413 over its limit (64 KB by default), 400 for an empty or malformed body", async () => {
    expect(await code(readJson(json("[" + "1,".repeat(40_000) + "1]", "application/json")))).toBe("payload_too_large");
    expect(await code(readJson(json('"x"', "application/json"), { limit: 2 }))).toBe("payload_too_large");
    expect(await code(readJson(json("", "application/json")))).toBe("bad_request");
    expect(await code(readJson(json("{", "application/json")))).toBe("bad_request");
  });

  it("isJsonContentType", () => {
    expect(isJsonContentType("application/json")).toBe(true);
    expect(isJsonContentType(" application/json ;charset=UTF-8")).toBe(true);
    expect(isJsonContentType("application/vnd.api+json")).toBe(true);
    expect(isJsonContentType("text/json")).toBe(false);
    expect(isJsonContentType("text/plain;charset=UTF-8")).toBe(false);
    expect(isJsonContentType("multipart/form-data; boundary=x")).toBe(false);
    expect(isJsonContentType(null)).toBe(false);
  });
});
