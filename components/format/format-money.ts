// Money as fans read it. Amounts arrive as decimal strings in major units ("49.50"); they are only
// turned into numbers here, for display, never for arithmetic.

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat {
  let f = formatters.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat("en-US", { style: "currency", currency });
    } catch {
      // An unknown currency code still renders, as "49.50 XYZ".
      f = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    formatters.set(currency, f);
  }
  return f;
}

export function formatMoney(amount: string, currency: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return amount;
  const f = formatterFor(currency);
  const text = f.format(value);
  return f.resolvedOptions().style === "currency" ? text : `${text} ${currency}`;
}

/** "$45.00" or "$45.00 – $120.00". */
export function formatPriceRange(min: string, max: string, currency: string): string {
  if (Number(min) === Number(max)) return formatMoney(min, currency);
  return `${formatMoney(min, currency)} – ${formatMoney(max, currency)}`;
}
