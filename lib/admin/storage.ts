// Where organizer uploads (event images) live. A small interface so that a deployment without a
// persistent disk (Vercel) can plug in Vercel Blob or an S3-compatible bucket; only the local-disk
// adapter ships: files under UPLOAD_DIR, served by GET /api/event-images/:name.
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

export type ImageType = { ext: "png" | "jpg" | "webp" | "gif"; contentType: string };

export type StoredImage = { name: string; url: string; contentType: string; bytes: number };

/** What a storage adapter does: write bytes under a name, read them back, say whether a name exists. */
export interface ImageStorage {
  put(name: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(name: string): Promise<{ bytes: Uint8Array; contentType: string } | null>;
  exists(name: string): Promise<boolean>;
}

/** Image names: 64 hex digits and the extension of a type we accept. */
export const IMAGE_NAME = /^[0-9a-f]{64}\.(png|jpg|webp|gif)$/;

const CONTENT_TYPES: Record<ImageType["ext"], string> = { png: "image/png", jpg: "image/jpeg", webp: "image/webp", gif: "image/gif" };

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

export const contentTypeOfName = (name: string): string => CONTENT_TYPES[name.slice(name.lastIndexOf(".") + 1) as ImageType["ext"]] ?? "application/octet-stream";

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

/** The storage in use: the local disk under UPLOAD_DIR unless a test or a deployment set another. */
export function getImageStorage(): ImageStorage {
  return (configured ??= new LocalDiskStorage(setting("UPLOAD_DIR")));
}

/** For tests and for a deployment's adapter (Vercel Blob, S3): replaces the storage in use. */
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
