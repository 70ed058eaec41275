// A local mail catcher for the demo and the tests: an SMTP server (smtp-server) that keeps every
// message it accepts in memory, parsed (mailparser), and a small web inbox over HTTP.
//
//   const catcher = await startMailCatcher();            // free ports on 127.0.0.1
//   process.env.SMTP_URL = catcher.smtpUrl;               // what the app sends through
//   await catcher.waitForMessages((m) => m.to.includes("fan@example.com"));
//   catcher.refuse("451 4.3.0 try again later");          // every MAIL FROM fails until refuse(null)
//
// The inbox: GET / (list), GET /messages/:id (one message, its HTML in a sandboxed frame),
// GET /api/messages (JSON), GET /api/messages/:id, DELETE /api/messages. Nothing is stored on disk;
// nothing is relayed anywhere. Development only: no authentication, binds to 127.0.0.1.
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";

export type CaughtMail = {
  id: number;
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  attachments: { filename: string; contentType: string; content: string }[];
  receivedAt: string;
};

export type MailCatcher = {
  smtpPort: number;
  smtpUrl: string;
  httpUrl: string;
  messages: () => CaughtMail[];
  /** Resolves with the messages matching `match` once there are at least `count` of them. */
  waitForMessages: (match?: (m: CaughtMail) => boolean, count?: number) => Promise<CaughtMail[]>;
  /** Refuse every message with this SMTP reply ("451 …" transient, "550 …" permanent) until called with null. */
  refuse: (reply: string | null) => void;
  clear: () => void;
  close: () => Promise<void>;
};

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address ?? "")).filter(Boolean);

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function inboxPage(list: CaughtMail[]): string {
  const rows = list
    .slice()
    .reverse()
    .map((m) => `<tr><td>${escapeHtml(m.receivedAt.slice(11, 19))}</td><td>${escapeHtml(m.to.join(", "))}</td><td><a href="/messages/${m.id}">${escapeHtml(m.subject || "(no subject)")}</a></td></tr>`)
    .join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>OpenSeat mail catcher</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}td,th{padding:.3rem .8rem;text-align:left;border-bottom:1px solid #ddd}</style></head>
<body><h1>OpenSeat mail catcher</h1><p>${list.length} message(s). Nothing here left this machine.</p>
<table><thead><tr><th>Time</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}

function messagePage(m: CaughtMail): string {
  const headers = Object.entries(m.headers)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join("");
  const files = m.attachments.map((a) => `<li>${escapeHtml(a.filename)} (${escapeHtml(a.contentType)})</li>`).join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(m.subject)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}th{text-align:left;padding-right:1rem;vertical-align:top}iframe{width:100%;height:70vh;border:1px solid #ccc}pre{white-space:pre-wrap}</style></head>
<body><p><a href="/">&larr; Inbox</a></p><h1>${escapeHtml(m.subject)}</h1>
<table>${headers}</table>${files ? `<h2>Attachments</h2><ul>${files}</ul>` : ""}
<h2>HTML</h2><iframe sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" srcdoc="${escapeHtml(m.html)}"></iframe>
<h2>Text</h2><pre>${escapeHtml(m.text)}</pre></body></html>`;
}

export async function startMailCatcher(options: { smtpPort?: number; httpPort?: number; host?: string } = {}): Promise<MailCatcher> {
  const host = options.host ?? "127.0.0.1";
  const list: CaughtMail[] = [];
  const waiters = new Set<() => void>();
  let refusal: string | null = null;
  let nextId = 1;

  const smtp = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (!refusal) return callback();
      const code = Number(refusal.slice(0, 3));
      const error = Object.assign(new Error(refusal.slice(4)), { responseCode: Number.isInteger(code) ? code : 451 });
      callback(error);
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const headers: Record<string, string> = {};
          for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(":") + 1).trim();
          list.push({
            id: nextId++,
            messageId: parsed.messageId ?? "",
            from: addresses(parsed.from).join(", "),
            to: addresses(parsed.to),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            headers,
            attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? "", contentType: a.contentType, content: a.content.toString("utf8") })),
            receivedAt: new Date().toISOString(),
          });
          for (const wake of [...waiters]) wake();
          callback();
        })
        .catch((e: unknown) => callback(e as Error));
    },
  });
  smtp.listen(options.smtpPort ?? 0, host);
  await once(smtp.server, "listening");
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const web = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://catcher");
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
      res.end(body);
    };
    const byId = /^\/(api\/)?messages\/(\d+)$/.exec(url.pathname);
    if (req.method === "DELETE" && url.pathname === "/api/messages") {
      list.length = 0;
      return send(200, "application/json", "{}");
    }
    if (req.method !== "GET") return send(405, "text/plain", "method not allowed");
    if (url.pathname === "/") return send(200, "text/html; charset=utf-8", inboxPage(list));
    if (url.pathname === "/api/messages") return send(200, "application/json", JSON.stringify(list));
    if (byId) {
      const m = list.find((x) => x.id === Number(byId[2]));
      if (!m) return send(404, "text/plain", "no such message");
      return byId[1] ? send(200, "application/json", JSON.stringify(m)) : send(200, "text/html; charset=utf-8", messagePage(m));
    }
    send(404, "text/plain", "not found");
  });
  web.listen(options.httpPort ?? 0, host);
  await once(web, "listening");
  const httpPort = (web.address() as AddressInfo).port;

  const matching = (match?: (m: CaughtMail) => boolean) => (match ? list.filter(match) : list.slice());

  return {
    smtpPort,
    smtpUrl: `smtp://${host}:${smtpPort}`,
    httpUrl: `http://${host}:${httpPort}`,
    messages: () => list.slice(),
    waitForMessages: (match, count = 1) =>
      new Promise((resolve) => {
        const check = () => {
          const found = matching(match);
          if (found.length < count) return false;
          waiters.delete(check as () => void);
          resolve(found);
          return true;
        };
        if (!check()) waiters.add(check as () => void);
      }),
    refuse: (reply) => {
      refusal = reply;
    },
    clear: () => {
      list.length = 0;
    },
    close: async () => {
      web.closeAllConnections();
      await Promise.all([new Promise<void>((r) => web.close(() => r())), new Promise<void>((r) => smtp.close(() => r()))]);
    },
  };
}
