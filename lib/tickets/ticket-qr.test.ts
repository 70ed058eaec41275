// QR codes of e-ticket tokens: an SVG document, accessible when labelled, the label escaped.
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { ticketQrSvg } from "./ticket-qr";

const token = "42.0123456789abcdef0123456789abcdef.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCd";

describe("ticketQrSvg", () => {
  it("draws the token's QR code (level M, one module of margin) as SVG", async () => {
    const svg = await ticketQrSvg(token);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
    const size = QRCode.create(token, { errorCorrectionLevel: "M" }).modules.size;
    expect(svg).toContain(`viewBox="0 0 ${size + 2} ${size + 2}"`);
    expect(svg).toContain('fill="#ffffff"');
    expect(svg.endsWith("</svg>")).toBe(true);
  });

  it("labels the image for screen readers and escapes the label", async () => {
    const svg = await ticketQrSvg(token, { label: `E-ticket QR code for seat A-1, "Rock & <Roll>"` });
    expect(svg).toMatch(/^<svg role="img" aria-label="E-ticket QR code for seat A-1, &quot;Rock &amp; &lt;Roll&gt;&quot;" xmlns=/);
    expect(svg).toContain("<title>E-ticket QR code for seat A-1, &quot;Rock &amp; &lt;Roll&gt;&quot;</title>");
    expect(svg).not.toContain("<Roll>");
  });
});
