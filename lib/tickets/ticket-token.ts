// The e-ticket token a QR code carries: `<order_item_id>.<token_secret>.<signature>`, where the
// signature is base64url HMAC-SHA256 over `<order_item_id>.<token_secret>` with a key derived from
// AUTH_SECRET under its own HKDF label (never the raw secret, nor the access-token or session key).
//
// The token names an order item, not a ticket (ticket rows are seat inventory and move on after a
// refund), and its random token_secret makes it unguessable even to someone who knows the ids. The
// signature lets a scanner refuse a forged or garbled code before any database lookup; the secret is
// still matched against the row at check-in, so a row's token can be revoked by changing it.
import { createHmac, timingSafeEqual } from "node:crypto";
import { derivedKey } from "@/lib/auth/derived-key";

export type TicketTokenClaims = { orderItemId: number; tokenSecret: string };

const MAX_ID = 2_147_483_647; // order_item_id is int4
// The confirm path stores 32 hex characters (a UUID without dashes); other random url-safe secrets
// of reasonable length are accepted so the format can change without reissuing every ticket.
const SECRET_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
// id (1-10 digits, no leading zero) . secret . 43 characters: 32 bytes of base64url, unpadded.
const TOKEN_PATTERN = /^([1-9][0-9]{0,9})\.([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{43})$/;
/** Longest token verifyTicketToken looks at; anything longer is refused unread. */
export const MAX_TICKET_TOKEN_LENGTH = 10 + 1 + 64 + 1 + 43;

const signingKey = derivedKey("openseat-e-ticket", "openseat e-ticket v1");

/** The HMAC key (exported for tests). */
export function ticketTokenSigningKey(): Buffer {
  return signingKey();
}

/** Whether `secret` has the shape of a token_secret that can be signed. */
export const isTicketTokenSecret = (secret: string): boolean => SECRET_PATTERN.test(secret);

const sign = (payload: string, key: Buffer): string => createHmac("sha256", key).update(payload).digest("base64url");

/** The token for an order item's QR code. Throws on an id or secret the verifier would refuse. */
export function signTicketToken({ orderItemId, tokenSecret }: TicketTokenClaims, key: Buffer = ticketTokenSigningKey()): string {
  if (!Number.isSafeInteger(orderItemId) || orderItemId < 1 || orderItemId > MAX_ID) {
    throw new Error("signTicketToken: orderItemId must be a positive int4");
  }
  if (!SECRET_PATTERN.test(tokenSecret)) throw new Error("signTicketToken: tokenSecret must be 16-64 url-safe characters");
  const payload = `${orderItemId}.${tokenSecret}`;
  return `${payload}.${sign(payload, key)}`;
}

/** The order item id and secret of a token we signed; null for anything else. No database access. */
export function verifyTicketToken(token: unknown, key: Buffer = ticketTokenSigningKey()): TicketTokenClaims | null {
  if (typeof token !== "string" || token.length > MAX_TICKET_TOKEN_LENGTH) return null;
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const [, id, tokenSecret, signature] = match as unknown as [string, string, string, string];
  const orderItemId = Number(id);
  if (orderItemId > MAX_ID) return null;
  // Both are 43 ASCII characters here; comparing the canonical text (not decoded bytes) also
  // refuses a non-canonical spelling of a valid signature.
  const expected = Buffer.from(sign(`${id}.${tokenSecret}`, key), "ascii");
  const given = Buffer.from(signature, "ascii");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { orderItemId, tokenSecret };
}
