// Run by test/api/orphan-claims.test.ts as a process of its own: reserves seats with the real
// reserveTickets and dies by SIGKILL at the exact point between its two steps, right after the
// Redis claim and before the PostgreSQL statement is sent (the moment a crash leaves a claim with
// no hold behind it). Usage: tsx test/support/crash-after-claim.ts <userId> <ticketId>...
import { getDb } from "@/lib/db";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { getRedis } from "@/lib/redis";

const [userId, ...ticketIds] = process.argv.slice(2).map(Number);
// The claim is the "hold-claim" script; the first PostgreSQL query after it is the reserve statement.
let claimed = false;
const redis = getRedis() as unknown as { runScript: (script: { name: string }, ...rest: unknown[]) => Promise<unknown> };
const runScript = redis.runScript.bind(redis);
redis.runScript = async (script, ...rest) => {
  const reply = await runScript(script, ...rest);
  if (script.name === "hold-claim") claimed = true;
  return reply;
};
const db = getDb() as unknown as { $queryRaw: (...args: unknown[]) => Promise<unknown> };
const queryRaw = db.$queryRaw.bind(db);
db.$queryRaw = (...args: unknown[]) => {
  if (!claimed) return queryRaw(...args);
  process.kill(process.pid, "SIGKILL");
  return new Promise(() => undefined);
};
await reserveTickets({ userId: userId!, ticketIds });
console.error("reserve finished: the crash point was never reached");
process.exit(3);
