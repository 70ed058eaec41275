// Password hashing: argon2id (the @node-rs/argon2 native binding, prebuilt for Linux, macOS and
// Windows, so nothing compiles at install). Parameters are OWASP's minimum recommendation for
// argon2id: 19 MiB of memory, 2 passes, 1 lane (about 20-70 ms on these machines). They are stored
// in each PHC string ($argon2id$v=19$m=19456,t=2,p=1$...), so raising them later keeps old hashes
// verifiable. Framework-free: the seed script imports it directly.
import { hash, verify, type Options } from "@node-rs/argon2";

const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, which isolated modules cannot import)

const OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** A PHC-format argon2id hash of `plain`, with a fresh random salt. */
export async function hashPassword(plain: string): Promise<string> {
  if (plain.length === 0) throw new Error("hashPassword: empty password");
  return hash(plain, OPTIONS);
}

// Verified against when there is no real hash (unknown email, account without a password) so that
// the answer takes as long as for a wrong password and timing does not reveal which emails exist.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hash("openseat-dummy-password-for-constant-time", OPTIONS));

/**
 * True when `plain` matches `stored`. A missing or malformed hash is verified against a dummy hash
 * and answers false, in about the time a real comparison takes.
 */
export async function verifyPassword(plain: string, stored: string | null | undefined): Promise<boolean> {
  if (!stored || !stored.startsWith("$argon2")) {
    await verify(await getDummyHash(), plain).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, plain);
  } catch {
    return false;
  }
}
