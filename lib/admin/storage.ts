// Where organizer uploads (event images) live, chosen by IMAGE_STORAGE: the local disk (files under
// UPLOAD_DIR, the default), Vercel Blob (lib/admin/storage-vercel-blob.ts) or an S3-compatible bucket
// (lib/admin/storage-s3.ts), for deployments without a persistent disk. Whichever holds them, images
// are served by GET /api/event-images/:name.
//
// Images are content-addressed (the SHA-256 of their bytes names them), so an upload is idempotent,
// a name can never be overwritten with other bytes, and the serving route may cache forever. The
// type is decided by the file's first bytes (magic numbers), never by a client's name or header: a
// text file called photo.png is refused.
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { setting } from "@/lib/config/env";
import { AppError } from "@/lib/errors/app-error";

import { CONTENT_TYPES, contentTypeOfName, IMAGE_NAME, type ImageStorage, type ImageType, type StoredImage } from "./storage-types";

export type { ImageStorage, ImageType, StoredImage };
export { contentTypeOfName, IMAGE_NAME };

/** The image type from the magic bytes, or null for anything else. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const at = (i: number, ...values: number[]) => values.every((v, j) => bytes[i + j] === v);
  let ext: ImageType["ext"] | null = null;
  if (bytes.length >= 8 && at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) ext = "png";
  else if (bytes.length >= 3 && at(0, 0xff, 0xd8, 0xff)) ext = "jpg";
  else if (bytes.length >= 12 && at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) ext = "webp";
  else if (bytes.length >= 6 && (at(0, 0x47, 0x49, 0x46, 0x38, 0x37, 0x61) || at(0, 0x47, 0x49, 0x46, 0x38, 0x39, 0x61))) ext = "gif";
  return ext ? { ext, contentType: CONTENT_TYPES[ext] } : null;
}

/** Files in a directory; writes go to a temporary name first, so a reader never sees half a file. */
export class LocalDiskStorage implements ImageStorage {
  constructor(private readonly dir: string) {}

  private file(name: string): string {
    if (!IMAGE_NAME.test(name)) throw new AppError("not_found", "No such image");
    return path.join(path.resolve(this.dir), name);
  }

  async put(name: string, bytes: Uint8Array): Promise<void> {
    const target = this.file(name);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, target);
  }

  async get(name: string): Promise<{ bytes: Uint8Array; contentType: string } | null> {
    try {
      return { bytes: new Uint8Array(await readFile(this.file(name))), contentType: contentTypeOfName(name) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  async exists(name: string): Promise<boolean> {
    try {
      return (await stat(this.file(name))).isFile();
    } catch {
      return false;
    }
  }
}

let configured: ImageStorage | null = null;

/**
 * An adapter loaded on first use: the cloud SDKs are imported only by a process that stores or
 * serves an image with them, never by the routes that merely import this module.
 */
function loadedOnFirstUse(load: () => Promise<ImageStorage>): ImageStorage {
  let loading: Promise<ImageStorage> | null = null;
  const storage = () => (loading ??= load().catch((e: unknown) => {
    loading = null; // a failed import is retried by the next call
    throw e;
  }));
  return {
    put: async (name, bytes, contentType) => (await storage()).put(name, bytes, contentType),
    get: async (name) => (await storage()).get(name),
    exists: async (name) => (await storage()).exists(name),
  };
}

/** The adapter the settings name (IMAGE_STORAGE and its variables; see docs/operations.md). */
export function createConfiguredImageStorage(): ImageStorage {
  const prefix = setting("IMAGE_STORAGE_PREFIX");
  switch (setting("IMAGE_STORAGE")) {
    case "vercel-blob":
      return loadedOnFirstUse(async () => new (await import("./storage-vercel-blob")).VercelBlobStorage({ token: setting("BLOB_READ_WRITE_TOKEN"), prefix }));
    case "s3": {
      const bucket = setting("S3_BUCKET");
      if (!bucket) throw new AppError("unavailable", "Image storage is not configured (IMAGE_STORAGE=s3 needs S3_BUCKET)");
      const accessKeyId = setting("S3_ACCESS_KEY_ID");
      const secretAccessKey = setting("S3_SECRET_ACCESS_KEY");
      const options = {
        bucket,
        region: setting("S3_REGION"),
        endpoint: setting("S3_ENDPOINT"),
        forcePathStyle: setting("S3_FORCE_PATH_STYLE"),
        credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
        prefix,
      };
      return loadedOnFirstUse(async () => new (await import("./storage-s3")).S3ImageStorage(options));
    }
    default:
      return new LocalDiskStorage(setting("UPLOAD_DIR"));
  }
}

/** The storage in use: the one the settings name, unless a test set another. */
export function getImageStorage(): ImageStorage {
  return (configured ??= createConfiguredImageStorage());
}

/** For tests: replaces the storage in use (null: back to the settings' choice). */
export function setImageStorage(storage: ImageStorage | null): void {
  configured = storage;
}

export const imageUrl = (name: string) => `/api/event-images/${name}`;

/** The stored name of an image URL we handed out, or null. */
export function imageNameOfUrl(url: string): string | null {
  const m = /^\/api\/event-images\/([0-9a-f]{64}\.(?:png|jpg|webp|gif))$/.exec(url);
  return m ? m[1]! : null;
}

/** Checks and stores an uploaded image; answers its URL. */
export async function storeEventImage(bytes: Uint8Array, storage: ImageStorage = getImageStorage()): Promise<StoredImage> {
  const max = setting("UPLOAD_MAX_BYTES");
  if (bytes.length === 0) throw new AppError("validation_error", "The image is empty", { field: "image" });
  if (bytes.length > max) throw new AppError("payload_too_large", `The image must be at most ${max} bytes`, { field: "image", limit_bytes: max });
  const type = sniffImageType(bytes);
  if (!type) throw new AppError("validation_error", "The file is not a PNG, JPEG, WebP or GIF image", { field: "image" });
  const name = `${createHash("sha256").update(bytes).digest("hex")}.${type.ext}`;
  if (!(await storage.exists(name))) await storage.put(name, bytes, type.contentType);
  return { name, url: imageUrl(name), contentType: type.contentType, bytes: bytes.length };
}
