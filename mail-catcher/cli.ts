// `npx tsx mail-catcher/cli.ts`: the mail catcher on its own (SMTP on MAIL_CATCHER_SMTP_PORT or
// 1025, the inbox on MAIL_CATCHER_HTTP_PORT or 1080). Point the app at it with
// SMTP_URL=smtp://127.0.0.1:1025. `npm run demo` starts one by itself.
import { startMailCatcher } from "./catcher";

const catcher = await startMailCatcher({
  smtpPort: Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 1025),
  httpPort: Number(process.env.MAIL_CATCHER_HTTP_PORT ?? 1080),
});
process.stdout.write(`mail catcher: SMTP ${catcher.smtpUrl}, inbox ${catcher.httpUrl}\n`);
