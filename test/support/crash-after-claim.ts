// Run by test/api/orphan-claims.test.ts as a process of its own: reserves seats with the real
// reserveTickets and dies by SIGKILL at the exact point between its two steps, right after the
// Redis claim and before the PostgreSQL transaction opens (the moment a crash leaves a claim with
// no hold behind it). Usage: tsx test/support/crash-after-claim.ts <userId> <ticketId>...
import { getDb } from "@/lib/db";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";

const [userId, ...ticketIds] = process.argv.slice(2).map(Number);
const db = getDb() as unknown as { $transaction: unknown };
db.$transaction = () => {
  process.kill(process.pid, "SIGKILL");
  return new Promise(() => undefined);
};
await reserveTickets({ userId: userId!, ticketIds });
console.error("reserve finished: the crash point was never reached");
process.exit(3);
