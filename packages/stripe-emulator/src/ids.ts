// Stripe-looking identifiers and the emulator's clock.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `prefix` + `length` random base62 characters, e.g. randomId("pi_") → "pi_3Pq…". */
export function randomId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

/** Checkout Session ids are long on Stripe too: `cs_test_` + 58 characters. */
export const newSessionId = () => randomId("cs_test_", 58);

/**
 * The emulator's notion of "now": the wall clock plus an offset that tests move forward
 * (advanceClock). Object timestamps, expires_at checks and expiry use it; webhook signatures do not
 * (the receiving SDK checks them against its own wall clock).
 */
export class Clock {
  offsetMs = 0;

  /** `wallMs` is the wall clock (Date.now by default; tests inject their own). */
  constructor(private readonly wallMs: () => number = Date.now) {}

  nowMs(): number {
    return this.wallMs() + this.offsetMs;
  }

  /** Unix seconds. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  advance(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError("advanceClock: seconds must be a non-negative number");
    this.offsetMs += Math.round(seconds * 1000);
    return this.now();
  }
}
