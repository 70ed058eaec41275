// Per-worker test setup (runs before every test file): makes sure this worker sees the database the
// global setup prepared, and closes the shared Prisma client when the file is done.
import { afterAll, inject } from "vitest";
import { disconnectDb } from "../lib/db";

// Workers normally inherit both variables from the global setup's environment already (checked with
// vitest 4's forks, threads and vmForks pools); inject() is the documented channel, so it wins.
const databaseUrl = inject("databaseUrl");
if (databaseUrl) {
  process.env.DATABASE_URL = databaseUrl;
  if (inject("embeddedDb")) process.env.OPENSEAT_EMBEDDED_DB = "1";
  else delete process.env.OPENSEAT_EMBEDDED_DB;
}

afterAll(async () => {
  await disconnectDb();
});
