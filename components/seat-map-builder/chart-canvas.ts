// Drawing the builder's seats on a <canvas>: each section's seats are one cached Path2D per kind
// of seat (plain, accessible, restricted, not for sale), so a frame of 20,000 seats is a handful of
// fill calls under one transform. Panning and zooming change only the transform; dragging a section
// draws its cached paths translated, and the document is re-expanded once, when the drag ends.
import type { ExpandedChart, ExpandedSeat } from "@/lib/venues/expand";

export type View = { scale: number; tx: number; ty: number };

export type SectionPaths = { plain: Path2D; accessible: Path2D; restricted: Path2D; closed: Path2D; bbox: Box | null };
export type Box = { x0: number; y0: number; x1: number; y1: number };

export const COLORS = { plain: "#2563eb", selected: "#f59e0b", accessible: "#0891b2", restricted: "#d97706", closed: "#9ca3af" };

export function buildPaths(expanded: ExpandedChart, seatRadius: number): SectionPaths[] {
  const out: SectionPaths[] = expanded.sections.map(() => ({ plain: new Path2D(), accessible: new Path2D(), restricted: new Path2D(), closed: new Path2D(), bbox: null }));
  const size = seatRadius * 2;
  for (const seat of expanded.seats) {
    const p = out[seat.section];
    if (!p) continue;
    const target = seat.flags.not_for_sale ? p.closed : seat.flags.accessible ? p.accessible : seat.flags.restricted_view ? p.restricted : p.plain;
    // Squares draw several times faster than arcs and read as seats at every zoom that matters.
    target.rect(seat.x - seatRadius, seat.y - seatRadius, size, size);
    const b = p.bbox;
    if (!b) p.bbox = { x0: seat.x, y0: seat.y, x1: seat.x, y1: seat.y };
    else {
      if (seat.x < b.x0) b.x0 = seat.x;
      if (seat.y < b.y0) b.y0 = seat.y;
      if (seat.x > b.x1) b.x1 = seat.x;
      if (seat.y > b.y1) b.y1 = seat.y;
    }
  }
  return out;
}

export type DrawInput = {
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
  dpr: number;
  view: View;
  paths: SectionPaths[];
  selected: number | null;
  drag: { index: number; dx: number; dy: number } | null;
  grid: number | null;
  canvas: { width: number; height: number };
};

export function draw({ ctx, width, height, dpr, view, paths, selected, drag, grid, canvas }: DrawInput): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.setTransform(dpr * view.scale, 0, 0, dpr * view.scale, dpr * view.tx, dpr * view.ty);
  // The canvas area and, when snapping, its grid (only when the lines are far enough apart).
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (grid && grid * view.scale >= 6) {
    ctx.beginPath();
    for (let x = 0; x <= canvas.width; x += grid) {
      ctx.moveTo(x, 0);
      ctx.lineTo(x, canvas.height);
    }
    for (let y = 0; y <= canvas.height; y += grid) {
      ctx.moveTo(0, y);
      ctx.lineTo(canvas.width, y);
    }
    ctx.strokeStyle = "#f1f5f9";
    ctx.lineWidth = 1 / view.scale;
    ctx.stroke();
  }
  paths.forEach((p, i) => {
    const moved = drag && drag.index === i;
    if (moved) ctx.translate(drag.dx, drag.dy);
    ctx.fillStyle = i === selected ? COLORS.selected : COLORS.plain;
    ctx.fill(p.plain);
    ctx.fillStyle = COLORS.accessible;
    ctx.fill(p.accessible);
    ctx.fillStyle = COLORS.restricted;
    ctx.fill(p.restricted);
    ctx.fillStyle = COLORS.closed;
    ctx.fill(p.closed);
    if (moved) ctx.translate(-drag.dx, -drag.dy);
  });
}

/** The seat nearest `pt` within `maxDist`, by a linear scan (clicks only, never per frame). */
export function seatAt(seats: ExpandedSeat[], pt: { x: number; y: number }, maxDist: number): ExpandedSeat | null {
  let best: ExpandedSeat | null = null;
  let bestD = maxDist * maxDist;
  for (const s of seats) {
    const d = (s.x - pt.x) ** 2 + (s.y - pt.y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = s;
    }
  }
  return best;
}
