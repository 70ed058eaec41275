// Currencies: which ones the emulator accepts, their minor units, Stripe's minimum charge, display.

/** Presentment currencies Stripe supports for card payments (the common subset). */
export const SUPPORTED_CURRENCIES = [
  "usd", "aed", "ars", "aud", "bgn", "brl", "cad", "chf", "clp", "cny", "cop", "czk", "dkk", "egp", "eur",
  "gbp", "hkd", "huf", "idr", "ils", "inr", "isk", "jpy", "krw", "mad", "mxn", "myr", "nok", "nzd", "php",
  "pln", "ron", "rsd", "sar", "sek", "sgd", "thb", "try", "twd", "uah", "vnd", "zar",
] as const;

const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);

/** Stripe's minimum charge amounts (in the currency's smallest unit); 50 for the rest. */
const MINIMUMS: Record<string, number> = {
  usd: 50, eur: 50, gbp: 30, aud: 50, cad: 50, chf: 50, dkk: 250, nok: 300, sek: 300, czk: 1500, huf: 17500,
  pln: 200, ron: 200, bgn: 100, hkd: 400, jpy: 50, mxn: 1000, nzd: 50, sgd: 50, aed: 200, inr: 50, thb: 1000,
};

/** Stripe's maximum amount for a charge: 99,999,999 minor units. */
export const MAX_AMOUNT = 99_999_999;

export function isSupportedCurrency(currency: string): boolean {
  return (SUPPORTED_CURRENCIES as readonly string[]).includes(currency);
}

export function minimumAmount(currency: string): number {
  return MINIMUMS[currency] ?? 50;
}

export function formatAmount(amount: number, currency: string): string {
  const digits = ZERO_DECIMAL.has(currency) ? 0 : 2;
  const value = amount / 10 ** digits;
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: currency.toUpperCase(),
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  } catch {
    return `${value.toFixed(digits)} ${currency.toUpperCase()}`;
  }
}
