// Drawing the builder's seats on a <canvas>. Each section's seats are one cached Path2D per kind
// of seat (plain, accessible, restricted, not for sale), and those paths are rasterised into an
// offscreen layer a margin larger than the view (LayeredRenderer). A frame while panning is one
// drawImage of that layer at an offset; while zooming the layer is drawn scaled and re-rasterised
// once the wheel rests; while dragging a section, the other sections are one layer and the dragged
// one another, so a frame is two drawImage calls whatever the seat count. Filling 20,000 seat paths
// (what a frame would otherwise cost) happens only when the document, the selection or the zoom
// changes. The document is re-expanded once, when a drag ends.
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

/** An offscreen rasterisation of some sections under a view, covering the viewport plus `margin` CSS px on each side. */
type Layer = { canvas: HTMLCanvasElement; view: View; key: string; w: number; h: number; margin: number; dpr: number };

export type LayerScene = {
  width: number;
  height: number;
  dpr: number;
  view: View;
  paths: SectionPaths[];
  /** Changes whenever `paths` is rebuilt. */
  pathsVersion: number;
  selected: number | null;
  drag: { index: number; dx: number; dy: number } | null;
  grid: number | null;
  canvas: { width: number; height: number };
};

export class LayeredRenderer {
  private base: Layer | null = null;
  private moving: Layer | null = null;
  /** Set while the view is scaled relative to the layer (zooming): re-rasterise when it settles. */
  private settle: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly onSettled: () => void) {}

  dispose() {
    if (this.settle) clearTimeout(this.settle);
  }

  private render(scene: LayerScene, only: number | null, exclude: number | null, key: string): Layer {
    const margin = Math.round(Math.max(scene.width, scene.height) * 0.5);
    const w = scene.width + 2 * margin;
    const h = scene.height + 2 * margin;
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(w * scene.dpr));
    canvas.height = Math.max(1, Math.round(h * scene.dpr));
    const ctx = canvas.getContext("2d")!;
    const v = scene.view;
    ctx.setTransform(scene.dpr * v.scale, 0, 0, scene.dpr * v.scale, scene.dpr * (v.tx + margin), scene.dpr * (v.ty + margin));
    if (only === null) {
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, scene.canvas.width, scene.canvas.height);
      if (scene.grid && scene.grid * v.scale >= 6) {
        ctx.beginPath();
        for (let x = 0; x <= scene.canvas.width; x += scene.grid) {
          ctx.moveTo(x, 0);
          ctx.lineTo(x, scene.canvas.height);
        }
        for (let y = 0; y <= scene.canvas.height; y += scene.grid) {
          ctx.moveTo(0, y);
          ctx.lineTo(scene.canvas.width, y);
        }
        ctx.strokeStyle = "#f1f5f9";
        ctx.lineWidth = 1 / v.scale;
        ctx.stroke();
      }
    }
    scene.paths.forEach((p, i) => {
      if (only !== null ? i !== only : i === exclude) return;
      ctx.fillStyle = i === scene.selected ? COLORS.selected : COLORS.plain;
      ctx.fill(p.plain);
      ctx.fillStyle = COLORS.accessible;
      ctx.fill(p.accessible);
      ctx.fillStyle = COLORS.restricted;
      ctx.fill(p.restricted);
      ctx.fillStyle = COLORS.closed;
      ctx.fill(p.closed);
    });
    return { canvas, view: { ...v }, key, w, h, margin, dpr: scene.dpr };
  }

  /** Whether `layer`, drawn under `view`, still covers the whole viewport. */
  private covers(layer: Layer, scene: LayerScene, extra = { x: 0, y: 0 }): boolean {
    const k = scene.view.scale / layer.view.scale;
    const x0 = scene.view.tx + extra.x - (layer.view.tx + layer.margin) * k;
    const y0 = scene.view.ty + extra.y - (layer.view.ty + layer.margin) * k;
    return x0 <= 0 && y0 <= 0 && x0 + layer.w * k >= scene.width && y0 + layer.h * k >= scene.height;
  }

  private blit(ctx: CanvasRenderingContext2D, layer: Layer, scene: LayerScene, offset = { x: 0, y: 0 }) {
    const k = scene.view.scale / layer.view.scale;
    const x = scene.view.tx + offset.x - (layer.view.tx + layer.margin) * k;
    const y = scene.view.ty + offset.y - (layer.view.ty + layer.margin) * k;
    ctx.setTransform(scene.dpr * k, 0, 0, scene.dpr * k, scene.dpr * x, scene.dpr * y);
    // Only the part of the layer inside the viewport: a quarter of its pixels.
    const sx = Math.max(0, Math.floor(-x / k));
    const sy = Math.max(0, Math.floor(-y / k));
    const sw = Math.min(layer.w - sx, Math.ceil(scene.width / k) + 1);
    const sh = Math.min(layer.h - sy, Math.ceil(scene.height / k) + 1);
    if (sw <= 0 || sh <= 0) return;
    const d = layer.dpr;
    ctx.drawImage(layer.canvas, sx * d, sy * d, sw * d, sh * d, sx, sy, sw, sh);
  }

  draw(ctx: CanvasRenderingContext2D, scene: LayerScene): void {
    // The selected section (or the one being dragged) lives in a layer of its own, lifted off the
    // base: selecting a section costs one rasterisation of the base without it plus one of it, and
    // a drag that follows changes no layer at all (every frame is two drawImage calls). Lifting it
    // only when the drag began made the drag's first frame rasterise everything again (~800 ms at
    // 20,000 seats in software rendering).
    const lifted = scene.drag ? scene.drag.index : scene.selected;
    const key = `${scene.pathsVersion}|${lifted}|${scene.grid}|${scene.width}x${scene.height}@${scene.dpr}|${scene.canvas.width}x${scene.canvas.height}`;
    const zoomed = (l: Layer | null) => l !== null && l.view.scale !== scene.view.scale;
    if (!this.base || this.base.key !== key || !this.covers(this.base, scene)) {
      this.base = this.render(scene, null, lifted, key);
    }
    const offset = scene.drag ? { x: scene.drag.dx * scene.view.scale, y: scene.drag.dy * scene.view.scale } : { x: 0, y: 0 };
    if (lifted !== null && lifted < scene.paths.length) {
      const liftedKey = `${key}|lifted`;
      if (!this.moving || this.moving.key !== liftedKey || !this.covers(this.moving, scene, offset)) {
        // Rasterised without the drag offset; the offset is applied when it is drawn.
        this.moving = this.render(scene, lifted, null, liftedKey);
      }
    } else {
      this.moving = null;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    this.blit(ctx, this.base, scene);
    if (this.moving) this.blit(ctx, this.moving, scene, offset);
    if (zoomed(this.base) || zoomed(this.moving)) {
      // Scaled layers look soft: sharpen them once the zoom has rested for a moment.
      if (this.settle) clearTimeout(this.settle);
      this.settle = setTimeout(() => {
        this.settle = null;
        this.base = null;
        this.moving = null;
        this.onSettled();
      }, 150);
    }
  }
}
