// Money in minor units (cents). Prices are stored as Decimal(12,2) and arrive as decimal strings;
// adding them as floats drifts, so every sum here is an integer of minor units.

// ISO 4217 currencies Stripe treats as zero-decimal.
const ZERO_DECIMAL = new Set(["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"]);

export function minorUnitDigits(currency: string): number {
  return ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2;
}

/** "12.50" -> 1250 (USD), "1200" -> 1200 (JPY). Exact for decimal strings with at most 2 decimals. */
export function toMinor(amount: string | number, currency: string): number {
  const text = typeof amount === "number" ? amount.toFixed(2) : amount.trim();
  const match = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw new Error(`not a decimal amount: ${JSON.stringify(amount)}`);
  const cents = Number(match[2]) * 100 + Number((match[3] ?? "").padEnd(2, "0"));
  const signed = match[1] ? -cents : cents;
  return minorUnitDigits(currency) === 0 ? Math.round(signed / 100) : signed;
}

/** 1250 -> "12.50" (USD); 1200 -> "1200.00" (JPY; the database keeps two decimals). */
export function fromMinor(minor: number, currency: string): string {
  const cents = minorUnitDigits(currency) === 0 ? minor * 100 : minor;
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
