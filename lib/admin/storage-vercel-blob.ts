// Event images in Vercel Blob (IMAGE_STORAGE=vercel-blob), for deployments without a persistent disk.
// Names are content-addressed (lib/admin/storage.ts), so a blob is written once under its own name
// (no random suffix), and a second upload of the same bytes finds it there. Images stay private to
// the store: the app still serves them through GET /api/event-images/:name, with the same caching,
// whichever adapter holds them.
import { BlobNotFoundError, get, head, put } from "@vercel/blob";
import { contentTypeOfName, type ImageStorage } from "./storage-types";

export type VercelBlobOptions = {
  /** The store's read-write token (BLOB_READ_WRITE_TOKEN); unset, the SDK reads the platform's own credentials. */
  token?: string;
  /** A folder in the store, e.g. "event-images/". */
  prefix?: string;
};

export class VercelBlobStorage implements ImageStorage {
  constructor(private readonly options: VercelBlobOptions = {}) {}

  private path(name: string): string {
    return `${this.options.prefix ?? ""}${name}`;
  }

  async put(name: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await put(this.path(name), Buffer.from(bytes), {
      access: "private",
      token: this.options.token,
      contentType,
      addRandomSuffix: false,
      // The same name always holds the same bytes: a concurrent upload of the same image may win.
      allowOverwrite: true,
    });
  }

  async get(name: string): Promise<{ bytes: Uint8Array; contentType: string } | null> {
    const found = await get(this.path(name), { access: "private", token: this.options.token });
    if (!found || found.statusCode !== 200) return null;
    const bytes = new Uint8Array(await new Response(found.stream).arrayBuffer());
    return { bytes, contentType: found.blob.contentType || contentTypeOfName(name) };
  }

  async exists(name: string): Promise<boolean> {
    try {
      await head(this.path(name), { token: this.options.token });
      return true;
    } catch (e) {
      if (e instanceof BlobNotFoundError) return false;
      throw e;
    }
  }
}
