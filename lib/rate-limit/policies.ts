// The rate limits of the buying endpoints, by name, so a route declares one word
// (`authedApiRoute(handler, { rateLimit: "reserve" })`); the numbers are the variables' defaults in
// lib/config/env.ts. Every policy has a
// budget per signed-in user and one per client IP, each per sliding minute and each overridable from
// the environment (0 turns one off; a value that is not a whole number is logged and the default
// applies). Read on every call, so tests and operators can change them without a restart.
//
// The defaults are set so a fan never meets them and a script does: a fan reserves a few times a
// minute at most, a script hundreds. Per-IP budgets are ten times larger or more, because many fans
// share one address (a campus, an office, a mobile carrier's NAT); they stop one machine driving
// many accounts, not a crowd behind one router. When the client's address is unknown (not served by
// our server entry nor on Vercel, see client-ip.ts) the per-IP budget is skipped: every such caller
// would share one bucket, which would be a site-wide limit. The per-user budget still applies.
import { setting, type Env, type SettingName } from "@/lib/config/env";
import { getClientIp, UNKNOWN_IP } from "./client-ip";
import { enforceRateLimits, type RateLimitOptions } from "./rate-limit";
import { logger } from "@/lib/log/logger";

const log = logger("rate-limit");

type Budget = { readonly env: SettingName };

export const RATE_LIMIT_POLICIES = {
  /** POST /api/events/ticket/reserve: the fan's "hold these seats". */
  reserve: {
    user: { env: "RATE_LIMIT_RESERVE_PER_MINUTE" },
    ip: { env: "RATE_LIMIT_RESERVE_IP_PER_MINUTE" },
  },
  /** POST /api/events/{event_id}/best-available: a hold chosen by the server. */
  best_available: {
    user: { env: "RATE_LIMIT_BEST_AVAILABLE_PER_MINUTE" },
    ip: { env: "RATE_LIMIT_BEST_AVAILABLE_IP_PER_MINUTE" },
  },
  /** POST /api/events/ticket/confirm: each call re-reads the payment from Stripe. */
  confirm: {
    user: { env: "RATE_LIMIT_CONFIRM_PER_MINUTE" },
    ip: { env: "RATE_LIMIT_CONFIRM_IP_PER_MINUTE" },
  },
  /** POST /api/events/ticket/cancel: releases holds, cancels and refunds tickets. */
  cancel: {
    user: { env: "RATE_LIMIT_CANCEL_PER_MINUTE" },
    ip: { env: "RATE_LIMIT_CANCEL_IP_PER_MINUTE" },
  },
  /** POST /api/checkout: opens a Stripe Checkout Session. */
  checkout: {
    user: { env: "RATE_LIMIT_CHECKOUT_PER_MINUTE" },
    ip: { env: "RATE_LIMIT_CHECKOUT_IP_PER_MINUTE" },
  },
  /**
   * Joining an event's waiting room. A fan joins once (a rejoin finds their place); at the on-sale
   * everyone behind one NAT joins in the same minute, hence the large per-IP budget.
   */
  queue_join: {
    user: { env: "RATE_LIMIT_QUEUE_JOIN_PER_MINUTE" },
    ip: { env: "RATE_LIMIT_QUEUE_JOIN_IP_PER_MINUTE" },
  },
  /**
   * Joining (and changing) an event's waitlist: a fan joins once; a script trying many wishes or
   * accounts is what this stops.
   */
  waitlist_join: {
    user: { env: "RATE_LIMIT_WAITLIST_JOIN_PER_MINUTE" },
    ip: { env: "RATE_LIMIT_WAITLIST_JOIN_IP_PER_MINUTE" },
  },
  /**
   * GET /api/search/suggest: a keystroke (debounced) per call while a fan types, so a generous
   * per-IP budget (there is no user: the route is public); it stops a script walking the catalogue.
   */
  search_suggest: {
    ip: { env: "RATE_LIMIT_SEARCH_SUGGEST_IP_PER_MINUTE" },
  },
  /**
   * POST /api/tickets/{order_item_id}/transfer: a fan sends a ticket or two to friends; a script
   * moving tickets around (touting, probing which emails have accounts) is what this stops.
   */
  ticket_transfer: {
    user: { env: "RATE_LIMIT_TICKET_TRANSFER_PER_MINUTE" },
    ip: { env: "RATE_LIMIT_TICKET_TRANSFER_IP_PER_MINUTE" },
  },
} as const satisfies Record<string, { user?: Budget; ip: Budget }>;

export type RateLimitPolicy = keyof typeof RATE_LIMIT_POLICIES;

const WINDOW_SECONDS = 60;

/** The policy's limits per minute as the environment sets them now. */
export function policyLimits(policy: RateLimitPolicy, env: Env = process.env): { user: number; ip: number } {
  const budgets: { user?: Budget; ip: Budget } = RATE_LIMIT_POLICIES[policy];
  // A policy of a public route has no per-user budget: 0 turns that side off.
  return { user: budgets.user ? (setting(budgets.user.env, env) as number) : 0, ip: setting(budgets.ip.env, env) as number };
}

let unknownIpReported = false;

/**
 * Counts one call of `policy` against the user's budget (when there is a user) and the client IP's
 * (when it is known), in one Redis round trip; throws AppError rate_limited (429 + Retry-After)
 * when either is spent. Redis failures let the call through (see rate-limit.ts).
 */
export async function enforceRateLimitPolicy({ policy, request, userId }: { policy: RateLimitPolicy; request: Request; userId?: number }): Promise<void> {
  await enforceRateLimits(policyBudgets({ policy, request, userId }));
}

/**
 * The budgets one call of `policy` counts against (per user, per known client IP), for callers that
 * check them in a script of their own (the reserve's claim, lib/inventory/hold-claims.ts).
 */
export function policyBudgets({ policy, request, userId }: { policy: RateLimitPolicy; request: Request; userId?: number }): RateLimitOptions[] {
  const limits = policyLimits(policy);
  const checks: RateLimitOptions[] = [];
  if (userId !== undefined) checks.push({ name: `${policy}-user`, key: String(userId), limit: limits.user, windowSeconds: WINDOW_SECONDS });
  const ip = getClientIp(request.headers);
  if (ip !== UNKNOWN_IP) {
    checks.push({ name: `${policy}-ip`, key: ip, limit: limits.ip, windowSeconds: WINDOW_SECONDS });
  } else if (!unknownIpReported && setting("NODE_ENV") === "production") {
    unknownIpReported = true;
    log.warn("client IP unknown (not served by scripts/server.mjs, `npm start`): per-IP limits are skipped, per-user limits apply");
  }
  return checks;
}
