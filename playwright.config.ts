import { defineConfig, devices } from "@playwright/test";

// The e2e suite runs the production build (`npm run build` first) with freshly seeded demo data:
// on DATABASE_URL when it is set (CI), else on an in-memory embedded PostgreSQL. Payments go to the
// demo's Stripe emulator, in memory on a free port (--memory), so runs never share its state.
const port = Number(process.env.E2E_PORT ?? 3100);
// Auth.js posts forms to localhost, so the browser must use localhost too (not 127.0.0.1).
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  // No retries, in CI either: a test that passes on its second try is a flake to fix, not to hide.
  retries: 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        // Debian's Chromium; Playwright never downloads a browser here.
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        },
      },
    },
  ],
  webServer: {
    command: `npx tsx scripts/demo.ts --port ${port} --reseed --no-build --memory`,
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // Every spec signs up fresh fans, all from one address: more than the default 10 sign-ups a
    // minute per IP. The per-email limit stays as it is.
    env: {
      RATE_LIMIT_REGISTER_PER_MINUTE: process.env.RATE_LIMIT_REGISTER_PER_MINUTE ?? "200",
      RATE_LIMIT_AUTH_PER_MINUTE: process.env.RATE_LIMIT_AUTH_PER_MINUTE ?? "200",
      RATE_LIMIT_MAIL_LINK_PER_MINUTE: process.env.RATE_LIMIT_MAIL_LINK_PER_MINUTE ?? "200",
      // The demo's mail catcher: its inbox on a port the specs know (e2e/support/fixtures.ts), SMTP anywhere free.
      MAIL_CATCHER_HTTP_PORT: String(port + 1000),
      MAIL_CATCHER_SMTP_PORT: "0",
      NOTIFICATION_WORKER_INTERVAL_MS: "500",
      // The push spec's push-service double is a local http server (e2e/notifications.spec.ts).
      WEB_PUSH_ALLOW_HTTP_ENDPOINTS: "1",
      WEB_PUSH_SERVICE_HOSTS: "127.0.0.1",
    },
  },
});
