// A video file for Chromium's fake camera (--use-file-for-fake-video-capture) showing an e-ticket's
// QR code, made in the test from the QR the fan's page shows: the SVG's modules are read back
// (the qrcode library draws each row's dark runs as "h" strokes) and painted into a Y4M file, the
// raw YUV 4:2:0 format Chromium reads. No ffmpeg, no image library.
import { writeFileSync } from "node:fs";

/** The dark modules of a QR code drawn by the `qrcode` library as SVG (rows of `h` strokes). */
export function qrSvgToMatrix(svg: string): boolean[][] {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1];
  if (!size || !d) throw new Error("not a QR code SVG of the qrcode library");
  const matrix = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  let x = 0;
  let y = 0;
  for (const [, cmd, a, b] of d.matchAll(/([MmHh])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?/g)) {
    const n = Number(a);
    if (cmd === "M") {
      x = n;
      y = Number(b);
    } else if (cmd === "m") {
      x += n;
      y += Number(b ?? 0);
    } else {
      const row = Math.floor(y);
      for (let i = 0; i < n; i++) matrix[row]![x + i] = true;
      x += n;
    }
  }
  return matrix;
}

/** Writes a Y4M video (a few identical frames, which Chromium loops) of the QR code centred on white. */
export function writeQrY4m(path: string, matrix: boolean[][], { width = 640, height = 480, frames = 5 } = {}): void {
  const modules = matrix.length + 8; // 4 modules of quiet zone each side
  const scale = Math.floor(Math.min(width, height) / modules);
  const offX = Math.floor((width - matrix.length * scale) / 2);
  const offY = Math.floor((height - matrix.length * scale) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let r = 0; r < matrix.length; r++) {
    for (let c = 0; c < matrix.length; c++) {
      if (!matrix[r]![c]) continue;
      for (let dy = 0; dy < scale; dy++) luma.fill(16, (offY + r * scale + dy) * width + offX + c * scale, (offY + r * scale + dy) * width + offX + (c + 1) * scale);
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma, chroma]);
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...Array<Buffer>(frames).fill(frame)]));
}
