// The hosted checkout page (what the browser sees at session.url): plain, self-contained HTML, no
// external scripts, fonts or CDNs. Field labels are stable for Playwright: "Email", "Card number",
// "Expiry", "CVC", "Name on card", the "Pay" button and the "Cancel and go back" link.
import { formatAmount } from "./money";
import type { LineItem, PayField, Session } from "./state";

export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

/** success_url with Stripe's `{CHECKOUT_SESSION_ID}` placeholder filled in. */
export function successUrlFor(session: Session): string | null {
  return session.success_url ? session.success_url.replace(/\{CHECKOUT_SESSION_ID\}/g, session.id) : null;
}

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { margin: 0; background: #f6f8fa; color: #1a1f36; }
  .banner { background: #fff4d6; border-bottom: 1px solid #f0d48a; padding: 8px 16px; font-size: 14px; text-align: center; }
  main { max-width: 920px; margin: 32px auto; padding: 0 16px; display: grid; gap: 32px; grid-template-columns: 1fr 1fr; }
  @media (max-width: 760px) { main { grid-template-columns: 1fr; } }
  section { background: #fff; border: 1px solid #e3e8ee; border-radius: 8px; padding: 24px; }
  h1 { font-size: 20px; margin: 0 0 16px; } h2 { font-size: 16px; margin: 0 0 12px; }
  .total { font-size: 28px; font-weight: 600; margin: 8px 0 16px; }
  table { width: 100%; border-collapse: collapse; font-size: 14px; }
  td { padding: 6px 0; vertical-align: top; } td.amount { text-align: right; white-space: nowrap; }
  .muted { color: #697386; font-size: 13px; }
  label { display: block; font-size: 14px; font-weight: 500; margin: 12px 0 4px; }
  input { width: 100%; box-sizing: border-box; padding: 10px; font-size: 16px; border: 1px solid #cfd7df; border-radius: 6px; }
  input[aria-invalid="true"] { border-color: #df1b41; }
  .row { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
  button { margin-top: 20px; width: 100%; padding: 12px; font-size: 16px; font-weight: 600; color: #fff; background: #635bff; border: 0; border-radius: 6px; cursor: pointer; }
  button[disabled] { opacity: .6; cursor: progress; }
  .error { background: #fde8ec; color: #a4122f; border: 1px solid #f5b8c4; border-radius: 6px; padding: 10px 12px; margin-bottom: 12px; }
  .cards { font-size: 13px; margin-top: 16px; } .cards code { background: #f0f2f5; padding: 1px 4px; border-radius: 3px; }
  a { color: #635bff; }
`;

function layout(title: string, body: string, script = ""): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="banner" role="note"><strong>OpenSeat Stripe test emulator</strong>: no real payment is made. This page stands in for Stripe Checkout in development and tests.</div>
${body}
${script ? `<script>${script}</script>` : ""}
</body>
</html>`;
}

export interface CheckoutPageInput {
  session: Session;
  lineItems: LineItem[];
  /** The emulator's clock (unix seconds), for the countdown. */
  now: number;
  error?: { field: PayField | null; message: string };
  values?: { email?: string; name?: string; expiry?: string };
}

export function renderCheckoutPage({ session, lineItems, now, error, values = {} }: CheckoutPageInput): string {
  const currency = session.currency ?? "usd";
  const total = formatAmount(session.amount_total ?? 0, currency);
  const rows = lineItems
    .map((li) => {
      const unit = li.price.unit_amount ?? 0;
      return `<tr><td>${escapeHtml(li.description ?? "Item")}<div class="muted">Qty ${li.quantity ?? 1} × ${escapeHtml(formatAmount(unit, li.currency))}</div></td><td class="amount">${escapeHtml(formatAmount(li.amount_total, li.currency))}</td></tr>`;
    })
    .join("");
  const invalid = (field: PayField) => (error?.field === field ? ` aria-invalid="true" aria-describedby="pay-error"` : "");
  const email = values.email ?? session.customer_email ?? "";
  const emailLocked = session.customer_email ? " readonly" : "";
  const cancel = session.cancel_url
    ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel and go back</a></p>`
    : "";
  const remaining = Math.max(0, session.expires_at - now);
  const body = `
<main>
  <section aria-labelledby="summary-title">
    <h1 id="summary-title">Pay OpenSeat</h1>
    <div class="total" data-testid="total">${escapeHtml(total)}</div>
    <table aria-label="Line items"><tbody>${rows}</tbody></table>
    <p class="muted" id="countdown" data-remaining="${remaining}">This checkout expires in <span id="countdown-value">${formatRemaining(remaining)}</span>.</p>
    ${cancel}
  </section>
  <section aria-labelledby="pay-title">
    <h2 id="pay-title">Pay with card</h2>
    ${error ? `<div class="error" role="alert" id="pay-error">${escapeHtml(error.message)}</div>` : ""}
    <form method="post" action="/c/pay/${encodeURIComponent(session.id)}" id="pay-form" novalidate>
      <label for="email">Email</label>
      <input id="email" name="email" type="email" autocomplete="email" value="${escapeHtml(email)}"${emailLocked}${invalid("email")}>
      <label for="cardNumber">Card number</label>
      <input id="cardNumber" name="cardNumber" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234"${invalid("card")}>
      <div class="row">
        <div>
          <label for="cardExpiry">Expiry</label>
          <input id="cardExpiry" name="cardExpiry" autocomplete="cc-exp" placeholder="MM / YY" value="${escapeHtml(values.expiry ?? "")}"${invalid("expiry")}>
        </div>
        <div>
          <label for="cardCvc">CVC</label>
          <input id="cardCvc" name="cardCvc" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC"${invalid("cvc")}>
        </div>
      </div>
      <label for="billingName">Name on card</label>
      <input id="billingName" name="billingName" autocomplete="cc-name" value="${escapeHtml(values.name ?? "")}"${invalid("name")}>
      <button type="submit" id="pay-button">Pay</button>
    </form>
    <div class="cards muted">
      Test cards: <code>4242 4242 4242 4242</code> succeeds, <code>4000 0000 0000 0002</code> is declined,
      <code>4000 0000 0000 9995</code> has insufficient funds. Any future expiry, any 3-digit CVC.
    </div>
  </section>
</main>`;
  const script = `
(function () {
  var el = document.getElementById("countdown-value");
  var box = document.getElementById("countdown");
  var remaining = Number(box.getAttribute("data-remaining"));
  var started = Date.now();
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    var left = Math.max(0, remaining - Math.floor((Date.now() - started) / 1000));
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    el.textContent = (h ? h + ":" + pad(m) : String(m)) + ":" + pad(s);
    if (left === 0) { clearInterval(timer); box.textContent = "This checkout has expired."; }
  }
  var timer = setInterval(tick, 1000);
  document.getElementById("pay-form").addEventListener("submit", function () {
    var button = document.getElementById("pay-button");
    setTimeout(function () { button.disabled = true; button.textContent = "Processing…"; }, 0);
  });
})();`;
  return layout(`Pay ${total} · OpenSeat (Stripe test emulator)`, body, script);
}

function formatRemaining(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

export function renderNotice(title: string, message: string, link?: { href: string; text: string }): string {
  const body = `
<main style="grid-template-columns: 1fr; max-width: 560px;">
  <section>
    <h1>${escapeHtml(title)}</h1>
    <p>${escapeHtml(message)}</p>
    ${link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : ""}
  </section>
</main>`;
  return layout(`${title} · OpenSeat (Stripe test emulator)`, body);
}

export function renderSessionClosed(session: Session): string {
  if (session.status === "complete") {
    const success = successUrlFor(session);
    return renderNotice(
      "This payment is complete",
      "This checkout session has already been paid. No further payment is needed.",
      success ? { href: success, text: "Continue to OpenSeat" } : undefined,
    );
  }
  return renderNotice(
    "This checkout session has expired",
    "The time to pay for this order has run out, so no payment can be made here. Start again from OpenSeat.",
    session.cancel_url ? { href: session.cancel_url, text: "Back to OpenSeat" } : undefined,
  );
}
