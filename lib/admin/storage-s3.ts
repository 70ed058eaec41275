// Event images in an S3-compatible bucket (IMAGE_STORAGE=s3): AWS S3, Cloudflare R2, MinIO,
// Backblaze B2 and the like, through the AWS SDK. Names are content-addressed (lib/admin/storage.ts),
// so an object is written once under its own key; the app still serves images through
// GET /api/event-images/:name whichever adapter holds them, so the bucket can stay private.
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { contentTypeOfName, type ImageStorage } from "./storage-types";

export type S3StorageOptions = {
  bucket: string;
  region: string;
  /** Another S3-compatible service (R2, MinIO…); unset: AWS. */
  endpoint?: string;
  /** Bucket in the path (`endpoint/bucket/key`) rather than the host name: what most S3-compatible services want. */
  forcePathStyle?: boolean;
  /** Unset: the SDK's own chain (environment, instance role…). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** A folder in the bucket, e.g. "event-images/". */
  prefix?: string;
};

const notFound = (e: unknown) => e instanceof S3ServiceException && (e.$metadata.httpStatusCode === 404 || e.name === "NotFound" || e.name === "NoSuchKey");

export class S3ImageStorage implements ImageStorage {
  private readonly client: S3Client;

  constructor(private readonly options: S3StorageOptions) {
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      // Checksums only where S3 requires them: several S3-compatible services refuse the SDK's
      // default extra checksum headers.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  private key(name: string): string {
    return `${this.options.prefix ?? ""}${name}`;
  }

  async put(name: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.options.bucket, Key: this.key(name), Body: bytes, ContentType: contentType, CacheControl: "public, max-age=31536000, immutable" }),
    );
  }

  async get(name: string): Promise<{ bytes: Uint8Array; contentType: string } | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.key(name) }));
      if (!res.Body) return null;
      return { bytes: await res.Body.transformToByteArray(), contentType: res.ContentType || contentTypeOfName(name) };
    } catch (e) {
      if (notFound(e)) return null;
      throw e;
    }
  }

  async exists(name: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.key(name) }));
      return true;
    } catch (e) {
      if (notFound(e)) return false;
      throw e;
    }
  }
}
