// CSV for the organizer exports (orders and attendees of an event), streamed in pages so a sold-out
// arena (20,000 orders) is never held in memory, and written for spreadsheets:
// - RFC 4180 quoting: a cell with a comma, a quote, CR or LF is quoted, its quotes doubled;
// - formula injection: a cell starting with = + - @ (or a tab or CR, which some spreadsheets skip
//   before reading a formula) is prefixed with a single quote, so a fan named "=HYPERLINK(...)"
//   is shown as text and never evaluated when an organizer opens the file.
export type CsvValue = string | number | boolean | null | undefined | Date;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  // Numbers we write ourselves (prices, ids, counts) are data, not formulas: only text is defused.
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: CsvValue[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}

/**
 * A byte stream of `header` and then every row `pages()` yields, one page at a time, pulled as the
 * client reads (back-pressure: a slow download never makes the server read ahead).
 */
export function csvStream(header: string[], pages: AsyncIterable<CsvValue[][]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        // A byte-order mark so spreadsheets read the file as UTF-8.
        controller.enqueue(encoder.encode("\uFEFF" + csvRow(header)));
        return;
      }
      const next = await iterator.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(next.value.map(csvRow).join("")));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
