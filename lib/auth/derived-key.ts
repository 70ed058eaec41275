// Keys derived from AUTH_SECRET with HKDF-SHA256, one per purpose: each token kind (API access
// tokens, waiting-room admission tokens, e-ticket codes) passes its own salt and info, so no key
// signs two kinds of token and none is the raw secret or the key Auth.js derives for its cookie.
// The key is derived once per secret and derived again when AUTH_SECRET changes (tests switch it).
import { hkdfSync } from "node:crypto";
import { getAuthSecret } from "./auth-secret";

const KEY_BYTES = 32;

/**
 * A function returning the 32-byte key HKDF-SHA256(AUTH_SECRET, salt, info). The salt and info of a
 * token kind must never change: every token already issued was signed with the key they derive.
 */
export function derivedKey(salt: string, info: string): () => Buffer {
  let cache: { secret: string; key: Buffer } | undefined;
  return () => {
    const secret = getAuthSecret();
    if (cache?.secret !== secret) cache = { secret, key: Buffer.from(hkdfSync("sha256", secret, salt, info, KEY_BYTES)) };
    return cache.key;
  };
}
