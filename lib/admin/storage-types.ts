// What every image storage adapter shares (lib/admin/storage.ts and its adapters): the interface,
// the names images are stored under and the content type a name implies. On its own so that the
// adapters need not import the module that chooses among them.
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

export const CONTENT_TYPES: Record<ImageType["ext"], string> = { png: "image/png", jpg: "image/jpeg", webp: "image/webp", gif: "image/gif" };

export const contentTypeOfName = (name: string): string => CONTENT_TYPES[name.slice(name.lastIndexOf(".") + 1) as ImageType["ext"]] ?? "application/octet-stream";
