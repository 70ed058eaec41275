// All-in prices: a ticket's price plus the service fee, on decimal strings ("49.50" + "4.50" ->
// "54.00"), exactly (in hundredths, as integers), so a displayed all-in price is never off by a cent
// from what checkout charges.

function toHundredths(amount: string): bigint | null {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) return null;
  const v = BigInt(m[2]!) * 100n + BigInt((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -v : v;
}

/** a + b as a decimal string with two places; `a` unchanged when either is not a plain amount. */
export function addMoney(a: string, b: string): string {
  const x = toHundredths(a);
  const y = toHundredths(b);
  if (x === null || y === null) return a;
  const sum = x + y;
  const sign = sum < 0n ? "-" : "";
  const abs = sum < 0n ? -sum : sum;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}
