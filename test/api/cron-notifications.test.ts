// GET /api/cron/notifications: Vercel Cron's drain of the outbox, guarded by CRON_SECRET like
// /api/cron/expire-holds. Refused calls send nothing and change nothing.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/cron/notifications/route";
import { getDb } from "@/lib/db";
import { closeEmailTransport } from "@/lib/notifications/email/smtp-transport";
import { enqueueNotification } from "@/lib/notifications/outbox";
import { startMailCatcher, type MailCatcher } from "@/mail-catcher/catcher";
import { createTestUser } from "@/test/support/auth";
import { truncateAll } from "@/test/support/database";

const SECRET = "test-cron-secret-notifications-0123";
const saved = { CRON_SECRET: process.env.CRON_SECRET, SMTP_URL: process.env.SMTP_URL };
let catcher: MailCatcher;

async function call(headers: Record<string, string> = {}) {
  const res = await GET(new Request("http://localhost/api/cron/notifications", { headers }), { params: Promise.resolve({}) } as never);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  catcher = await startMailCatcher();
  process.env.SMTP_URL = catcher.smtpUrl;
});
beforeEach(async () => {
  await truncateAll();
  catcher.clear();
  const user = await createTestUser();
  await enqueueNotification(getDb(), { userId: user.id, kind: "account_exists", dedupeKey: "cron-test", data: {} });
});
afterEach(() => {
  if (saved.CRON_SECRET === undefined) delete process.env.CRON_SECRET;
  else process.env.CRON_SECRET = saved.CRON_SECRET;
});
afterAll(async () => {
  closeEmailTransport();
  await catcher.close();
  if (saved.SMTP_URL === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = saved.SMTP_URL;
});

describe("GET /api/cron/notifications", () => {
  it("503 without CRON_SECRET, 401 without the right one: nothing sent, nothing changed", async () => {
    const before = await getDb().notification.findMany();
    delete process.env.CRON_SECRET;
    expect((await call({ authorization: `Bearer ${SECRET}` })).status).toBe(503);
    process.env.CRON_SECRET = SECRET;
    const refused: Record<string, string>[] = [{}, { authorization: "Bearer wrong" }, { authorization: SECRET }];
    for (const headers of refused) expect((await call(headers)).status).toBe(401);
    expect(await getDb().notification.findMany()).toEqual(before);
    expect(catcher.messages()).toHaveLength(0);
  });

  it("drains the outbox with the right secret and answers the counts", async () => {
    process.env.CRON_SECRET = SECRET;
    const res = await call({ authorization: `Bearer ${SECRET}` });
    expect(res).toMatchObject({ status: 200, body: { claimed: 1, sent: 1 } });
    expect(catcher.messages().map((m) => m.subject)).toEqual(["Someone tried to sign up with your address"]);
  });
});
