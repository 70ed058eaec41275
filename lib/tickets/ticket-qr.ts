// QR codes of e-ticket tokens, drawn on the server as SVG text: inline in pages (no client script)
// and served as a file by the download route. Dark modules on a white quiet zone, whatever the
// page's theme, so scanners read them on screen and on paper.
import QRCode from "qrcode";

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);

/**
 * The SVG document of `token`'s QR code. With `label`, the <svg> is an accessible image
 * (role="img", aria-label and a <title>) so screen readers announce which ticket it is.
 */
export async function ticketQrSvg(token: string, { label }: { label?: string } = {}): Promise<string> {
  const svg = await QRCode.toString(token, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  if (!label) return svg.trim();
  const text = escapeXml(label);
  return svg.trim().replace(/^<svg /, `<svg role="img" aria-label="${text}" `).replace(/^(<svg[^>]*>)/, `$1<title>${text}</title>`);
}
