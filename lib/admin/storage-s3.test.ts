// The S3-compatible image adapter against a tiny S3-compatible HTTP server started here (PUT, GET
// and HEAD of objects, path-style, signed requests required), the way MinIO or R2 would answer: the
// AWS SDK's real requests, no network. Also: IMAGE_STORAGE=s3 and its variables select it.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createConfiguredImageStorage, storeEventImage } from "./storage";
import { S3ImageStorage } from "./storage-s3";

type Stored = { bytes: Buffer; contentType: string };
const objects = new Map<string, Stored>();
const requests: Array<{ method: string; path: string; signed: boolean }> = [];
let failing = false;
let server: Server;
let endpoint: string;

const body = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://stub").pathname);
    const signed = /^AWS4-HMAC-SHA256 Credential=stub-key\//.test(req.headers.authorization ?? "");
    requests.push({ method: req.method ?? "", path, signed });
    const data = await body(req);
    if (!signed) return void res.writeHead(403, { "content-type": "application/xml" }).end("<Error><Code>AccessDenied</Code></Error>");
    if (failing) {
      return void res.writeHead(500, { "content-type": "application/xml" }).end("<Error><Code>InternalError</Code><Message>stub failure</Message></Error>");
    }
    if (req.method === "PUT") {
      objects.set(path, { bytes: data, contentType: req.headers["content-type"] ?? "application/octet-stream" });
      return void res.writeHead(200, { etag: '"stub"' }).end();
    }
    const found = objects.get(path);
    if (!found) {
      if (req.method === "HEAD") return void res.writeHead(404).end();
      return void res.writeHead(404, { "content-type": "application/xml" }).end("<Error><Code>NoSuchKey</Code><Message>missing</Message></Error>");
    }
    res.writeHead(200, { "content-type": found.contentType, "content-length": String(found.bytes.length), etag: '"stub"' });
    res.end(req.method === "HEAD" ? undefined : found.bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const ENV_KEYS = ["IMAGE_STORAGE", "IMAGE_STORAGE_PREFIX", "S3_BUCKET", "S3_REGION", "S3_ENDPOINT", "S3_FORCE_PATH_STYLE", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"];
afterEach(() => {
  objects.clear();
  requests.length = 0;
  failing = false;
  for (const k of ENV_KEYS) delete process.env[k];
});

// A 1x1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

const storage = () =>
  new S3ImageStorage({ bucket: "images", region: "us-east-1", endpoint, forcePathStyle: true, credentials: { accessKeyId: "stub-key", secretAccessKey: "stub-secret" }, prefix: "events/" });

describe("S3-compatible image storage", () => {
  it("stores an image once under its content address, reads it back, and knows what it lacks", async () => {
    const s3 = storage();
    const first = await storeEventImage(new Uint8Array(PNG), s3);
    expect(first.name).toMatch(/^[0-9a-f]{64}\.png$/);
    expect(objects.get(`/images/events/${first.name}`)).toEqual({ bytes: PNG, contentType: "image/png" });
    // The same bytes again: found by HEAD, not written twice.
    const again = await storeEventImage(new Uint8Array(PNG), s3);
    expect(again.name).toBe(first.name);
    expect(requests.filter((r) => r.method === "PUT")).toHaveLength(1);
    expect(requests.every((r) => r.signed)).toBe(true);

    const read = await s3.get(first.name);
    expect(read && Buffer.from(read.bytes)).toEqual(PNG);
    expect(read?.contentType).toBe("image/png");
    expect(await s3.exists(first.name)).toBe(true);
    const missing = `${"0".repeat(64)}.png`;
    expect(await s3.exists(missing)).toBe(false);
    expect(await s3.get(missing)).toBeNull();
  });

  it("a failing service is an error, not a missing image (after the SDK's retries)", async () => {
    failing = true;
    await expect(storage().get(`${"1".repeat(64)}.png`)).rejects.toThrow();
  });

  it("IMAGE_STORAGE=s3 with its variables selects the bucket", async () => {
    Object.assign(process.env, {
      IMAGE_STORAGE: "s3",
      IMAGE_STORAGE_PREFIX: "cfg/",
      S3_BUCKET: "configured",
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: "true",
      S3_ACCESS_KEY_ID: "stub-key",
      S3_SECRET_ACCESS_KEY: "stub-secret",
    });
    const stored = await storeEventImage(new Uint8Array(PNG), createConfiguredImageStorage());
    expect([...objects.keys()]).toEqual([`/configured/cfg/${stored.name}`]);
  });

  it("IMAGE_STORAGE=s3 without a bucket answers 503 when used", async () => {
    process.env.IMAGE_STORAGE = "s3";
    expect(() => createConfiguredImageStorage()).toThrow(/S3_BUCKET/);
  });
});
