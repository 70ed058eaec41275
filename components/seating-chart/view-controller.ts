// Zoom and pan for the seating chart, without React renders and without repainting 20,000 seats per
// frame. Two layers of view:
//   - the committed view: the viewBox attribute of the svgs. Changing it makes the browser repaint
//     every seat (tens of milliseconds for a big arena), so it happens once a gesture settles;
//   - the live view: while a drag, wheel, pinch or animation is moving, a CSS transform on the
//     wrapper (`camera`, a compositing layer) maps the committed picture onto the live view. That is
//     compositor work only, smooth at any seat count; the picture is briefly softer when zoomed in
//     and sharp again after the commit.
// Wheel zooms around the pointer, a drag pans, two pointers pinch; buttons and keys animate. The
// view takes the host's aspect ratio (the whole chart fits at zoom 1, letterboxed by the view, not by
// the svg), so a zoomed-in view fills a tall phone screen too; its centre stays on the chart.
import type { ChartBox } from "@/components/seating-chart/chart-model";

export type ViewElements = {
  /** The positioned box the chart fills (its size is the chart's size on screen). */
  host: HTMLElement;
  /** A wrapper of the svgs inside host that the live transform moves. */
  camera: HTMLElement;
  /** The svg that receives pointer and wheel input. */
  svg: SVGSVGElement;
  /** Further svgs stacked on it that show the same view. */
  overlays: SVGSVGElement[];
};

export type ViewController = {
  /** Takes over the view of the elements; returns the detach function. */
  attach(elements: ViewElements, bounds: ChartBox, maxZoom: number): () => void;
  /** factor > 1 zooms in, around a point in chart units (default: the view's centre). */
  zoomBy(factor: number, at?: { x: number; y: number }, animate?: boolean): void;
  panBy(dx: number, dy: number, animate?: boolean): void;
  reset(): void;
  /** Pans (animated) so that a chart point is inside the view with a margin, in view fractions. */
  ensureVisible(x: number, y: number, margin?: number): void;
  /**
   * Shows a chart box (a section, the seats best-available picked) as large as the host allows, and
   * closer still if that leaves a seat under `minSeatPx` on screen (a seat is `seatDiameter` units).
   * When the box is then larger than the view, the view centres on `anchor` (where the fan tapped)
   * rather than on the box, so the seat under the finger stays on screen.
   */
  focusBox(box: ChartBox, seatDiameter: number, minSeatPx: number, anchor?: { x: number; y: number }): void;
  /** Client (viewport) pixels to chart units, in the live view. */
  toChart(clientX: number, clientY: number): { x: number; y: number };
  /** Chart units to client (viewport) pixels, for the live view. */
  toClient(x: number, y: number): { x: number; y: number } | null;
  /** Chart units per screen pixel in the live view. */
  unitsPerPixel(): number;
  center(): { x: number; y: number };
  zoom(): number;
  isPanning(): boolean;
  /** Called after every visible view change (and resize), at most once per frame. */
  subscribe(listener: () => void): () => void;
  /** True once if the last pointer gesture panned or pinched, so that its click is ignored. */
  consumeGesture(): boolean;
  /** An element whose `--upp` custom property tracks chart units per pixel (labels). */
  setScaleTarget(el: HTMLElement | SVGElement | null): void;
};

const DRAG_THRESHOLD_PX = 4;
/** Quiet time after the last movement before the view is committed to the viewBox. */
const COMMIT_DELAY_MS = 120;

export function createViewController(): ViewController {
  let els: ViewElements | null = null;
  let bounds: ChartBox = { x: 0, y: 0, w: 1, h: 1 }; // the chart
  let full: ChartBox = bounds; // the chart fitted to the host's aspect ratio: zoom 1
  let view: ChartBox = full; // live
  let committed: ChartBox = full; // in the viewBox attributes
  let maxZoom = 8;
  let frame = 0;
  let anim = 0;
  let commitTimer: ReturnType<typeof setTimeout> | undefined;
  let commitNow = false;
  let scaleTarget: HTMLElement | SVGElement | null = null;
  let gestured = false;
  let panning = false;
  const listeners = new Set<() => void>();

  /** Screen mapping of a view in the host for preserveAspectRatio="xMidYMid meet". */
  function mappingOf(v: ChartBox) {
    if (!els) return null;
    const r = els.host.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return null;
    const scale = Math.min(r.width / v.w, r.height / v.h);
    const ox = (r.width - v.w * scale) / 2;
    const oy = (r.height - v.h * scale) / 2;
    return { scale, ox, oy, left: r.left + ox, top: r.top + oy };
  }

  function toChart(clientX: number, clientY: number) {
    const m = mappingOf(view);
    if (!m) return { x: view.x + view.w / 2, y: view.y + view.h / 2 };
    return { x: view.x + (clientX - m.left) / m.scale, y: view.y + (clientY - m.top) / m.scale };
  }

  function write() {
    frame = 0;
    if (!els) return;
    if (commitNow) {
      commitNow = false;
      committed = view;
      const box = `${view.x} ${view.y} ${view.w} ${view.h}`;
      els.svg.setAttribute("viewBox", box);
      for (const o of els.overlays) o.setAttribute("viewBox", box);
      els.camera.style.transform = "";
      const m = mappingOf(view);
      if (scaleTarget && m) scaleTarget.style.setProperty("--upp", String(1 / m.scale));
    } else {
      // Map the committed picture onto the live view: local x -> s*x + t.
      const m = mappingOf(committed);
      if (m) {
        const s = committed.w / view.w;
        const tx = m.ox * (1 - s) + m.scale * s * (committed.x - view.x);
        const ty = m.oy * (1 - s) + m.scale * s * (committed.y - view.y);
        els.camera.style.transform = s === 1 && tx === 0 && ty === 0 ? "" : `matrix(${s}, 0, 0, ${s}, ${tx}, ${ty})`;
      }
    }
    for (const l of listeners) l();
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(write);
  }

  function commit() {
    clearTimeout(commitTimer);
    commitNow = true;
    schedule();
  }

  /** A live change: show it now through the transform, commit once things are quiet. */
  function changed() {
    schedule();
    clearTimeout(commitTimer);
    commitTimer = setTimeout(commit, COMMIT_DELAY_MS);
  }

  /** The chart's bounds grown to the host's aspect ratio, centred. */
  function fitToHost(): ChartBox {
    const r = els?.host.getBoundingClientRect();
    if (!r || r.width === 0 || r.height === 0) return bounds;
    const aspect = r.height / r.width;
    if (bounds.h / bounds.w > aspect) {
      const w = bounds.h / aspect;
      return { x: bounds.x - (w - bounds.w) / 2, y: bounds.y, w, h: bounds.h };
    }
    const h = bounds.w * aspect;
    return { x: bounds.x, y: bounds.y - (h - bounds.h) / 2, w: bounds.w, h };
  }

  function clamp(v: ChartBox): ChartBox {
    const aspect = full.h / full.w;
    const w = Math.min(full.w, Math.max(full.w / maxZoom, v.w));
    const h = w * aspect;
    const cx = Math.min(bounds.x + bounds.w, Math.max(bounds.x, v.x + v.w / 2));
    const cy = Math.min(bounds.y + bounds.h, Math.max(bounds.y, v.y + v.h / 2));
    return { x: cx - w / 2, y: cy - h / 2, w, h };
  }

  /** After a resize: same centre and zoom, the host's new aspect ratio. */
  function refit() {
    const zoom = full.w / view.w;
    const cx = view.x + view.w / 2;
    const cy = view.y + view.h / 2;
    full = fitToHost();
    const w = full.w / zoom;
    const h = w * (full.h / full.w);
    stopAnimation();
    view = clamp({ x: cx - w / 2, y: cy - h / 2, w, h });
    commit();
  }

  function stopAnimation() {
    if (anim) cancelAnimationFrame(anim);
    anim = 0;
  }

  function setView(next: ChartBox, animate = false) {
    const target = clamp(next);
    stopAnimation();
    if (!animate || window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
      view = target;
      changed();
      return;
    }
    const from = view;
    const start = performance.now();
    const duration = 220;
    const step = (now: number) => {
      const t = Math.min(1, (now - start) / duration);
      const e = 1 - (1 - t) ** 3;
      view = {
        x: from.x + (target.x - from.x) * e,
        y: from.y + (target.y - from.y) * e,
        w: from.w + (target.w - from.w) * e,
        h: from.h + (target.h - from.h) * e,
      };
      changed();
      anim = t < 1 ? requestAnimationFrame(step) : 0;
    };
    anim = requestAnimationFrame(step);
  }

  function zoomAround(factor: number, p: { x: number; y: number }, animate = false) {
    const w = Math.min(full.w, Math.max(full.w / maxZoom, view.w / factor));
    const f = view.w / w;
    setView({ x: p.x - (p.x - view.x) / f, y: p.y - (p.y - view.y) / f, w, h: view.h / f }, animate);
  }

  const controller: ViewController = {
    attach(elements, chartBounds, zoomLimit) {
      els = elements;
      const { host, svg: el } = elements;
      bounds = chartBounds;
      full = fitToHost();
      view = full;
      committed = full;
      maxZoom = Math.max(1, zoomLimit);
      commit();

      const pointers = new Map<number, { x: number; y: number }>();
      let start: { x: number; y: number } | null = null;
      let dragging = false;
      let pinch: { dist: number; mid: { x: number; y: number } } | null = null;

      const pinchState = () => {
        const [a, b] = [...pointers.values()];
        if (!a || !b) return null;
        return { dist: Math.hypot(a.x - b.x, a.y - b.y), mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
      };

      const onWheel = (e: WheelEvent) => {
        e.preventDefault();
        const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
        // Trackpad pinches arrive as ctrl+wheel with small deltas.
        const factor = Math.exp(-e.deltaY * unit * (e.ctrlKey ? 0.01 : 0.0015));
        zoomAround(factor, toChart(e.clientX, e.clientY));
      };

      const onPointerDown = (e: PointerEvent) => {
        if (e.pointerType === "mouse" && e.button !== 0) return;
        stopAnimation();
        pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
        if (pointers.size === 1) {
          start = { x: e.clientX, y: e.clientY };
          dragging = false;
          gestured = false;
        } else if (pointers.size === 2) {
          pinch = pinchState();
          gestured = true;
          for (const id of pointers.keys()) if (!el.hasPointerCapture(id)) el.setPointerCapture(id);
        }
      };

      const onPointerMove = (e: PointerEvent) => {
        const prev = pointers.get(e.pointerId);
        if (!prev) return;
        const next = { x: e.clientX, y: e.clientY };
        pointers.set(e.pointerId, next);
        if (pointers.size >= 2 && pinch) {
          const now = pinchState();
          if (!now || pinch.dist === 0) return;
          // Zoom around the old midpoint, then follow the midpoint's movement.
          zoomAround(now.dist / pinch.dist, toChart(pinch.mid.x, pinch.mid.y));
          const m = mappingOf(view);
          if (m) setView({ ...view, x: view.x - (now.mid.x - pinch.mid.x) / m.scale, y: view.y - (now.mid.y - pinch.mid.y) / m.scale });
          pinch = now;
          return;
        }
        if (!start) return;
        if (!dragging) {
          if (Math.hypot(next.x - start.x, next.y - start.y) < DRAG_THRESHOLD_PX) return;
          dragging = true;
          gestured = true;
          el.setPointerCapture(e.pointerId);
          panning = true;
          host.dataset.panning = "true";
        }
        const m = mappingOf(view);
        if (!m) return;
        setView({ ...view, x: view.x - (next.x - prev.x) / m.scale, y: view.y - (next.y - prev.y) / m.scale });
      };

      const onPointerEnd = (e: PointerEvent) => {
        if (!pointers.delete(e.pointerId)) return;
        if (pointers.size < 2) pinch = null;
        if (pointers.size === 1) {
          // Lifting one finger of a pinch continues as a drag from where the other one is.
          const [rest] = [...pointers.values()];
          start = rest ?? null;
          dragging = true;
        }
        if (pointers.size === 0) {
          start = null;
          dragging = false;
          panning = false;
          delete host.dataset.panning;
        }
      };

      const resize = new ResizeObserver(() => refit());
      resize.observe(host);
      el.addEventListener("wheel", onWheel, { passive: false });
      el.addEventListener("pointerdown", onPointerDown);
      el.addEventListener("pointermove", onPointerMove);
      el.addEventListener("pointerup", onPointerEnd);
      el.addEventListener("pointercancel", onPointerEnd);
      return () => {
        resize.disconnect();
        el.removeEventListener("wheel", onWheel);
        el.removeEventListener("pointerdown", onPointerDown);
        el.removeEventListener("pointermove", onPointerMove);
        el.removeEventListener("pointerup", onPointerEnd);
        el.removeEventListener("pointercancel", onPointerEnd);
        stopAnimation();
        clearTimeout(commitTimer);
        if (frame) cancelAnimationFrame(frame);
        frame = 0;
        if (els === elements) els = null;
      };
    },
    zoomBy(factor, at, animate = true) {
      zoomAround(factor, at ?? { x: view.x + view.w / 2, y: view.y + view.h / 2 }, animate);
    },
    panBy(dx, dy, animate = true) {
      setView({ ...view, x: view.x + dx, y: view.y + dy }, animate);
    },
    reset() {
      setView(full, true);
    },
    ensureVisible(x, y, margin = 0.12) {
      const mx = view.w * margin;
      const my = view.h * margin;
      if (x >= view.x + mx && x <= view.x + view.w - mx && y >= view.y + my && y <= view.y + view.h - my) return;
      setView({ ...view, x: x - view.w / 2, y: y - view.h / 2 }, true);
    },
    focusBox(box, seatDiameter, minSeatPx, anchor) {
      const r = els?.host.getBoundingClientRect();
      if (!r || r.width === 0 || r.height === 0) return;
      const fit = Math.min(r.width / Math.max(box.w, 1e-6), r.height / Math.max(box.h, 1e-6));
      const scale = Math.max(fit, minSeatPx / Math.max(seatDiameter, 1e-6));
      const w = r.width / scale;
      const h = r.height / scale;
      const along = (lo: number, size: number, span: number, a: number | undefined) =>
        a === undefined || size <= span ? lo + size / 2 : Math.min(lo + size - span / 2, Math.max(lo + span / 2, a));
      const cx = along(box.x, box.w, w, anchor?.x);
      const cy = along(box.y, box.h, h, anchor?.y);
      setView({ x: cx - w / 2, y: cy - h / 2, w, h }, true);
    },
    toChart(clientX, clientY) {
      return toChart(clientX, clientY);
    },
    toClient(x, y) {
      const m = mappingOf(view);
      if (!m) return null;
      return { x: m.left + (x - view.x) * m.scale, y: m.top + (y - view.y) * m.scale };
    },
    unitsPerPixel() {
      const m = mappingOf(view);
      return m ? 1 / m.scale : 1;
    },
    center() {
      return { x: view.x + view.w / 2, y: view.y + view.h / 2 };
    },
    zoom() {
      return full.w / view.w;
    },
    isPanning() {
      return panning;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    consumeGesture() {
      const g = gestured;
      gestured = false;
      return g;
    },
    setScaleTarget(el) {
      scaleTarget = el;
      if (el && els) commit();
    },
  };
  return controller;
}
