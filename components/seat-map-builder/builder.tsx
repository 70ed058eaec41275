"use client";
// The seat-map builder: edits a venue's draft chart document (lib/venues/chart-document.ts).
// Seats are drawn on a canvas (chart-canvas.ts); the stage, GA areas, shapes and the selection are
// a small SVG on top whose transform is written directly on every frame, so panning, zooming and
// dragging never re-render React. Every edit is a pure function (edit-ops.ts) and goes on the
// undo stack; validation runs on each change (lib/venues/expand.ts, the same code as the server).
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type ChangeEvent, type KeyboardEvent, type PointerEvent, type WheelEvent } from "react";
import { SeatingChart } from "@/components/seating-chart";
import { parseChartDocument, type ChartDocument, type ChartProblem, type ChartSection, type Point } from "@/lib/venues/chart-document";
import { expandChart, validateChart } from "@/lib/venues/expand";
import { buildPaths, LayeredRenderer, seatAt, type View } from "./chart-canvas";
import {
  addFreeSeat,
  addSection,
  commit,
  copySection,
  deleteSection,
  flagSeats,
  historyOf,
  redo,
  replaceSection,
  rotateSection,
  snapValue,
  translateSection,
  undo,
  type FlagChoice,
  type History,
} from "./edit-ops";

type Tool = "select" | "seat" | "flag";
type Props = { venueId: string; venueName: string; initial: ChartDocument; draftVersion: number; basedOn: number | null };

const GRID = 5;
const BTN =
  "rounded-lg border border-zinc-300 px-2.5 py-1 text-sm font-medium hover:bg-zinc-100 disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-brand-500 dark:border-zinc-700 dark:hover:bg-zinc-800";
const BTN_PRIMARY = "rounded-lg bg-brand-600 px-3 py-1 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-brand-500";

function pivotOf(s: ChartSection, bbox: { x0: number; y0: number; x1: number; y1: number } | null): Point {
  if (s.kind === "grid") return s.origin;
  if (s.kind === "curved") return s.center;
  if (bbox) return { x: (bbox.x0 + bbox.x1) / 2, y: (bbox.y0 + bbox.y1) / 2 };
  return { x: 0, y: 0 };
}

function polygonBox(points: Point[]) {
  return {
    x0: Math.min(...points.map((p) => p.x)),
    y0: Math.min(...points.map((p) => p.y)),
    x1: Math.max(...points.map((p) => p.x)),
    y1: Math.max(...points.map((p) => p.y)),
  };
}

export function ChartBuilder({ venueId, venueName, initial, draftVersion, basedOn }: Props) {
  const [history, setHistory] = useState<History>(() => historyOf(initial));
  const doc = history.present;
  const [selected, setSelected] = useState<number | null>(null);
  const [tool, setTool] = useState<Tool>("select");
  const [snap, setSnap] = useState(true);
  const [flagChoice, setFlagChoice] = useState<FlagChoice>("wheelchair");
  const [flagReason, setFlagReason] = useState("");
  const [status, setStatus] = useState<string>("");
  const [serverProblems, setServerProblems] = useState<ChartProblem[] | null>(null);
  const [savedDoc, setSavedDoc] = useState<ChartDocument>(initial);
  const [preview, setPreview] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  const expanded = useMemo(() => expandChart(doc), [doc]);
  const paths = useMemo(() => buildPaths(expanded, doc.seat_radius), [expanded, doc.seat_radius]);
  const deferredDoc = useDeferredValue(doc);
  const validation = useMemo(() => validateChart(deferredDoc), [deferredDoc]);
  const dirty = doc !== savedDoc;

  const canvasRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<SVGGElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const view = useRef<View>({ scale: 1, tx: 0, ty: 0 });
  const drag = useRef<{ index: number; dx: number; dy: number; start: Point; pointer: number; moved: boolean } | null>(null);
  const pan = useRef<{ x: number; y: number; tx: number; ty: number; pointer: number } | null>(null);
  const frame = useRef<number | null>(null);
  const state = useRef({ paths, selected, snap, version: 0 });
  useEffect(() => {
    state.current = { paths, selected, snap, version: state.current.paths === paths ? state.current.version : state.current.version + 1 };
  }, [paths, selected, snap]);
  const renderer = useRef<LayeredRenderer | null>(null);

  const edit = useCallback((fn: (d: ChartDocument) => ChartDocument) => setHistory((h) => commit(h, fn(h.present))), []);

  // ---- drawing -------------------------------------------------------------------------------
  const paint = useCallback(() => {
    frame.current = null;
    const canvas = canvasRef.current;
    const box = boxRef.current;
    if (!canvas || !box) return;
    const dpr = window.devicePixelRatio || 1;
    const width = box.clientWidth;
    const height = box.clientHeight;
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    const v = view.current;
    const d = drag.current;
    renderer.current ??= new LayeredRenderer(() => {
      if (frame.current === null) frame.current = requestAnimationFrame(paintRef.current);
    });
    const st = state.current;
    renderer.current.draw(ctx, { width, height, dpr, view: v, paths: st.paths, pathsVersion: st.version, selected: st.selected, drag: d ? { index: d.index, dx: d.dx, dy: d.dy } : null, grid: st.snap ? GRID * 4 : null, canvas: doc.canvas });
    overlayRef.current?.setAttribute("transform", `translate(${v.tx} ${v.ty}) scale(${v.scale})`);
    const sel = overlayRef.current?.querySelector("[data-selection]");
    if (sel) sel.setAttribute("transform", d ? `translate(${d.dx} ${d.dy})` : "");
  }, [doc.canvas]);

  const paintRef = useRef(paint);
  useEffect(() => {
    paintRef.current = paint;
  }, [paint]);
  useEffect(() => () => renderer.current?.dispose(), []);

  const requestPaint = useCallback(() => {
    if (frame.current === null) frame.current = requestAnimationFrame(paint);
  }, [paint]);

  useEffect(() => {
    requestPaint();
  }, [paths, selected, snap, requestPaint]);

  const fit = useCallback(() => {
    const box = boxRef.current;
    if (!box) return;
    const scale = Math.min(box.clientWidth / doc.canvas.width, box.clientHeight / doc.canvas.height) * 0.95;
    view.current = { scale, tx: (box.clientWidth - doc.canvas.width * scale) / 2, ty: (box.clientHeight - doc.canvas.height * scale) / 2 };
    requestPaint();
  }, [doc.canvas.width, doc.canvas.height, requestPaint]);

  useEffect(() => {
    fit();
    const onResize = () => requestPaint();
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
    // Fit once on mount and when the canvas size changes.
  }, [fit, requestPaint]);

  // ---- pointer -------------------------------------------------------------------------------
  const toChart = (e: { clientX: number; clientY: number }): Point => {
    const rect = boxRef.current!.getBoundingClientRect();
    const v = view.current;
    return { x: (e.clientX - rect.left - v.tx) / v.scale, y: (e.clientY - rect.top - v.ty) / v.scale };
  };

  const sectionAt = (pt: Point): number | null => {
    const pad = doc.seat_radius * 2;
    for (let i = doc.sections.length - 1; i >= 0; i--) {
      const s = doc.sections[i]!;
      const b = s.kind === "ga" ? polygonBox(s.polygon) : paths[i]?.bbox;
      if (b && pt.x >= b.x0 - pad && pt.x <= b.x1 + pad && pt.y >= b.y0 - pad && pt.y <= b.y1 + pad) return i;
    }
    return null;
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 && e.button !== 1) return;
    boxRef.current?.focus();
    const pt = toChart(e);
    const grid = snap ? GRID : null;
    if (tool === "seat" && e.button === 0) {
      const at = { x: snapValue(pt.x, grid), y: snapValue(pt.y, grid) };
      const free = selected !== null && doc.sections[selected]?.kind === "free" ? selected : null;
      if (free !== null) edit((d) => addFreeSeat(d, free, at));
      else {
        edit((d) => addSection(d, "free", at));
        setSelected(doc.sections.length);
      }
      return;
    }
    if (tool === "flag" && e.button === 0) {
      const seat = seatAt(expanded.seats, pt, doc.seat_radius * 1.5);
      if (seat) {
        edit((d) => flagSeats(d, seat.section, seat.row, [seat.number], flagChoice, flagReason));
        setSelected(seat.section);
        setStatus(`${doc.sections[seat.section]?.name} ${seat.row}-${seat.number}: ${flagChoice.replace(/_/g, " ")}`);
      }
      return;
    }
    const hit = e.button === 0 && !e.shiftKey ? sectionAt(pt) : null;
    (e.currentTarget as HTMLDivElement).setPointerCapture(e.pointerId);
    if (hit !== null) {
      setSelected(hit);
      state.current.selected = hit;
      drag.current = { index: hit, dx: 0, dy: 0, start: pt, pointer: e.pointerId, moved: false };
    } else {
      if (e.button === 0 && !e.shiftKey) setSelected(null);
      pan.current = { x: e.clientX, y: e.clientY, tx: view.current.tx, ty: view.current.ty, pointer: e.pointerId };
    }
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (d && d.pointer === e.pointerId) {
      const pt = toChart(e);
      const grid = snap ? GRID : null;
      d.dx = snapValue(pt.x - d.start.x, grid);
      d.dy = snapValue(pt.y - d.start.y, grid);
      d.moved ||= d.dx !== 0 || d.dy !== 0;
      requestPaint();
      return;
    }
    const p = pan.current;
    if (p && p.pointer === e.pointerId) {
      view.current = { ...view.current, tx: p.tx + e.clientX - p.x, ty: p.ty + e.clientY - p.y };
      requestPaint();
    }
  };

  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (d && d.pointer === e.pointerId) {
      drag.current = null;
      if (d.moved) edit((doc) => replaceSection(doc, d.index, translateSection(doc.sections[d.index]!, d.dx, d.dy)));
      requestPaint();
    }
    if (pan.current?.pointer === e.pointerId) pan.current = null;
  };

  const zoomBy = useCallback(
    (factor: number, at?: { x: number; y: number }) => {
      const box = boxRef.current;
      if (!box) return;
      const v = view.current;
      const cx = at?.x ?? box.clientWidth / 2;
      const cy = at?.y ?? box.clientHeight / 2;
      const scale = Math.min(50, Math.max(0.02, v.scale * factor));
      const k = scale / v.scale;
      view.current = { scale, tx: cx - (cx - v.tx) * k, ty: cy - (cy - v.ty) * k };
      requestPaint();
    },
    [requestPaint],
  );

  const onWheel = (e: WheelEvent<HTMLDivElement>) => {
    const rect = boxRef.current!.getBoundingClientRect();
    zoomBy(Math.exp(-e.deltaY * 0.0015), { x: e.clientX - rect.left, y: e.clientY - rect.top });
  };

  // ---- keyboard ------------------------------------------------------------------------------
  const rotateSelected = (deg: number) => {
    if (selected === null) return;
    edit((d) => replaceSection(d, selected, rotateSection(d.sections[selected]!, deg, pivotOf(d.sections[selected]!, paths[selected]?.bbox ?? null))));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === "z") {
      e.preventDefault();
      setHistory((h) => (e.shiftKey ? redo(h) : undo(h)));
      return;
    }
    if (mod && e.key.toLowerCase() === "y") {
      e.preventDefault();
      setHistory(redo);
      return;
    }
    if (selected === null) return;
    const step = e.shiftKey ? 10 : 1;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      edit((d) => replaceSection(d, selected, translateSection(d.sections[selected]!, move[0], move[1])));
    } else if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      edit((d) => deleteSection(d, selected));
      setSelected(null);
    } else if (mod && e.key.toLowerCase() === "d") {
      e.preventDefault();
      edit((d) => copySection(d, selected));
      setSelected(doc.sections.length);
    } else if (e.key === "r" || e.key === "R") {
      e.preventDefault();
      rotateSelected(e.shiftKey ? -15 : 15);
    }
  };

  // ---- server --------------------------------------------------------------------------------
  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`/api/admin/venues/${venueId}/chart/${path}`, { ...init, headers: { "content-type": "application/json", ...init.headers } });
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    return { ok: res.ok, status: res.status, body };
  };

  const save = async (): Promise<boolean> => {
    setBusy(true);
    try {
      const res = await api("draft", { method: "PUT", body: JSON.stringify(doc) });
      if (!res.ok) {
        const error = res.body.error as { message: string; problems?: ChartProblem[] } | undefined;
        setServerProblems(error?.problems ?? []);
        setStatus(`Not saved: ${error?.message ?? res.status}`);
        return false;
      }
      const draft = res.body.draft as { problems: ChartProblem[]; seat_count: number };
      setSavedDoc(doc);
      setServerProblems(draft.problems);
      setStatus(`Draft saved (${draft.seat_count.toLocaleString("en-US")} seats)`);
      return true;
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    if (!(await save())) return;
    setBusy(true);
    try {
      const res = await api("publish", { method: "POST" });
      if (!res.ok) {
        const error = res.body.error as { message: string; problems?: ChartProblem[] } | undefined;
        setServerProblems(error?.problems ?? []);
        setStatus(`Not published: ${error?.message ?? res.status}`);
        return;
      }
      const p = res.body.published as { version: number; seat_count: number };
      setStatus(`Published version ${p.version} (${p.seat_count.toLocaleString("en-US")} seats)`);
    } finally {
      setBusy(false);
    }
  };

  const showPreview = async () => {
    if (dirty && !(await save())) return;
    setPreview(Date.now());
  };

  const onImport = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      setStatus("Import failed: the file is not JSON");
      return;
    }
    const parsed = parseChartDocument(json);
    if (!parsed.ok) {
      setServerProblems(parsed.problems);
      setStatus(`Import failed: ${parsed.problems.length} problem(s)`);
      return;
    }
    setHistory((h) => commit(h, parsed.document));
    setSelected(null);
    setStatus(`Imported ${file.name}: save the draft to keep it`);
    requestAnimationFrame(fit);
  };

  // ---- render --------------------------------------------------------------------------------
  const sel = selected !== null ? doc.sections[selected] : undefined;
  const selBox = sel ? (sel.kind === "ga" ? polygonBox(sel.polygon) : paths[selected!]?.bbox) : null;
  const problems = serverProblems && !dirty ? serverProblems : validation.problems;
  const focus = doc.focus ?? { x: doc.stage.x + doc.stage.width / 2, y: doc.stage.y + doc.stage.height / 2 };
  const addAtCentre = (kind: ChartSection["kind"]) => {
    const box = boxRef.current;
    const v = view.current;
    const at = box ? { x: snapValue((box.clientWidth / 2 - v.tx) / v.scale, snap ? GRID : null), y: snapValue((box.clientHeight / 2 - v.ty) / v.scale, snap ? GRID : null) } : { x: 100, y: 100 };
    edit((d) => addSection(d, kind, at));
    setSelected(doc.sections.length);
  };

  return (
    <div className="flex flex-col gap-3" data-testid="chart-builder">
      <div className="flex flex-wrap items-center gap-2 text-sm" role="toolbar" aria-label="Builder tools">
        <span className="font-semibold">{venueName}</span>
        <span className="text-zinc-500">draft v{draftVersion}{basedOn ? ` (from v${basedOn})` : ""}</span>
        <button type="button" className={BTN} onClick={() => addAtCentre("grid")}>Add grid</button>
        <button type="button" className={BTN} onClick={() => addAtCentre("curved")}>Add curved</button>
        <button type="button" className={BTN} onClick={() => addAtCentre("ga")}>Add GA area</button>
        <label className="flex items-center gap-1">
          Tool
          <select aria-label="Tool" value={tool} onChange={(e) => setTool(e.target.value as Tool)} className="rounded border px-1 py-0.5 dark:bg-zinc-900">
            <option value="select">Select / move</option>
            <option value="seat">Place single seats</option>
            <option value="flag">Flag seats</option>
          </select>
        </label>
        {tool === "flag" && (
          <>
            <select aria-label="Flag" value={flagChoice} onChange={(e) => setFlagChoice(e.target.value as FlagChoice)} className="rounded border px-1 py-0.5 dark:bg-zinc-900">
              <option value="wheelchair">Wheelchair</option>
              <option value="companion">Companion</option>
              <option value="restricted_view">Restricted view</option>
              <option value="not_for_sale">Not for sale</option>
              <option value="clear">Clear flags</option>
            </select>
            {flagChoice === "not_for_sale" && <input aria-label="Reason" placeholder="Reason" value={flagReason} onChange={(e) => setFlagReason(e.target.value)} className="rounded border px-1 py-0.5 dark:bg-zinc-900" />}
          </>
        )}
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={snap} onChange={(e) => setSnap(e.target.checked)} /> Snap
        </label>
        <button type="button" className={BTN} onClick={() => setHistory(undo)} disabled={history.past.length === 0}>Undo</button>
        <button type="button" className={BTN} onClick={() => setHistory(redo)} disabled={history.future.length === 0}>Redo</button>
        <button type="button" className={BTN} onClick={() => zoomBy(1.25)} aria-label="Zoom in">+</button>
        <button type="button" className={BTN} onClick={() => zoomBy(0.8)} aria-label="Zoom out">−</button>
        <button type="button" className={BTN} onClick={fit}>Fit</button>
        <span className="ml-auto flex gap-2">
          <label className={`${BTN} cursor-pointer`}>
            Import
            <input type="file" accept="application/json,.json" className="sr-only" onChange={onImport} data-testid="chart-import" />
          </label>
          <a className={BTN} href={`/api/admin/venues/${venueId}/chart/export`} download>Export</a>
          <button type="button" className={BTN} onClick={showPreview} disabled={busy}>Preview</button>
          <button type="button" className={BTN} onClick={save} disabled={busy}>Save draft</button>
          <button type="button" className={BTN_PRIMARY} onClick={publish} disabled={busy || validation.problems.length > 0}>Publish</button>
        </span>
      </div>
      <p role="status" aria-live="polite" className="min-h-5 text-sm text-zinc-600 dark:text-zinc-400" data-testid="builder-status">
        {status}
      </p>

      <div className="grid gap-3 lg:grid-cols-[1fr_18rem]">
        <div
          ref={boxRef}
          tabIndex={0}
          aria-label="Chart canvas: drag sections to move them, drag empty space to pan, wheel to zoom; arrows nudge, R rotates, Delete removes, Ctrl+D copies, Ctrl+Z undoes"
          className="relative h-[70vh] touch-none select-none overflow-hidden rounded-xl border border-zinc-300 bg-zinc-100 outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:border-zinc-700 dark:bg-zinc-900"
          data-testid="builder-canvas"
          data-seat-count={expanded.seats.length}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          onWheel={onWheel}
          onKeyDown={onKeyDown}
        >
          <canvas ref={canvasRef} className="absolute inset-0" />
          <svg className="pointer-events-none absolute inset-0 h-full w-full" aria-hidden="true">
            <g ref={overlayRef}>
              <rect x={doc.stage.x} y={doc.stage.y} width={doc.stage.width} height={doc.stage.height} fill="#27272a" rx={4} />
              <text x={doc.stage.x + doc.stage.width / 2} y={doc.stage.y + doc.stage.height / 2} fill="#fff" fontSize={Math.max(8, doc.stage.height * 0.35)} textAnchor="middle" dominantBaseline="central">
                {doc.stage.label}
              </text>
              <circle cx={focus.x} cy={focus.y} r={doc.seat_radius} fill="none" stroke="#ef4444" vectorEffect="non-scaling-stroke" />
              {doc.sections.map((s, i) =>
                s.kind === "ga" ? (
                  <polygon key={i} points={s.polygon.map((p) => `${p.x},${p.y}`).join(" ")} fill={i === selected ? "#fde68a" : "#e0e7ff"} stroke="#6366f1" strokeDasharray="4 3" vectorEffect="non-scaling-stroke" />
                ) : null,
              )}
              {doc.shapes.map((sh, i) => (
                <g key={`shape-${i}`} transform={`rotate(${sh.rotation} ${sh.x} ${sh.y})`}>
                  {sh.kind !== "label" && (sh.kind === "ellipse" ? <ellipse cx={sh.x + sh.width / 2} cy={sh.y + sh.height / 2} rx={sh.width / 2} ry={sh.height / 2} fill="#e4e4e7" /> : <rect x={sh.x} y={sh.y} width={sh.width} height={sh.height} fill={sh.kind === "aisle" ? "#f4f4f5" : "#e4e4e7"} />)}
                  {sh.text && <text x={sh.x + sh.width / 2} y={sh.y + sh.height / 2} fontSize={10} textAnchor="middle" dominantBaseline="central" fill="#3f3f46">{sh.text}</text>}
                </g>
              ))}
              {doc.sections.map((s, i) => {
                const b = s.kind === "ga" ? polygonBox(s.polygon) : paths[i]?.bbox;
                if (!b) return null;
                return (
                  <text key={`label-${i}`} x={(b.x0 + b.x1) / 2} y={b.y0 - doc.seat_radius * 2.5} fontSize={Math.max(6, doc.seat_radius * 2.2)} textAnchor="middle" fill="#52525b">
                    {s.name}
                  </text>
                );
              })}
              {selBox && (
                <rect data-selection="" x={selBox.x0 - doc.seat_radius * 2} y={selBox.y0 - doc.seat_radius * 2} width={selBox.x1 - selBox.x0 + doc.seat_radius * 4} height={selBox.y1 - selBox.y0 + doc.seat_radius * 4} fill="none" stroke="#f59e0b" strokeDasharray="6 4" vectorEffect="non-scaling-stroke" />
              )}
            </g>
          </svg>
          <p className="pointer-events-none absolute bottom-2 left-2 rounded bg-white/80 px-2 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800/80 dark:text-zinc-200">
            {expanded.seats.length.toLocaleString("en-US")} seats · {doc.sections.length} sections
          </p>
        </div>

        <aside className="flex flex-col gap-3 text-sm">
          {sel ? (
            <SectionPanel
              key={selected}
              section={sel}
              onChange={(next) => edit((d) => replaceSection(d, selected!, next))}
              onDelete={() => {
                edit((d) => deleteSection(d, selected!));
                setSelected(null);
              }}
              onCopy={() => {
                edit((d) => copySection(d, selected!));
                setSelected(doc.sections.length);
              }}
              onRotate={rotateSelected}
              onFlag={(row, seats, choice, reason) => edit((d) => flagSeats(d, selected!, row, seats, choice, reason))}
            />
          ) : (
            <CanvasPanel doc={doc} onChange={(next) => edit(() => next)} />
          )}
          <section aria-label="Validation" data-testid="validation-panel" className="rounded-xl border border-zinc-200 p-3 dark:border-zinc-800">
            <h2 className="font-semibold">Validation</h2>
            {problems.length === 0 ? (
              <p className="text-emerald-700 dark:text-emerald-400">No problems: ready to publish.</p>
            ) : (
              <ul className="mt-1 max-h-60 list-disc overflow-auto pl-4 text-red-700 dark:text-red-400">
                {problems.slice(0, 50).map((p, i) => (
                  <li key={i}>
                    <code className="text-xs">{p.path}</code>: {p.message}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </aside>
      </div>

      {preview !== null && (
        <section aria-label="Preview as fans see it" className="rounded-xl border border-zinc-200 p-3 dark:border-zinc-800" data-testid="builder-preview">
          <div className="flex items-center justify-between">
            <h2 className="font-semibold">Preview as fans see it (saved draft)</h2>
            <button type="button" className={BTN} onClick={() => setPreview(null)}>Close preview</button>
          </div>
          <SeatingChart
            key={preview}
            eventId="preview"
            title={`${venueName} (preview)`}
            seatMapUrl={`/api/admin/venues/${venueId}/chart/preview?part=map&t=${preview}`}
            seatsUrl={`/api/admin/venues/${venueId}/chart/preview?part=seats&t=${preview}`}
            availabilityUrl={`/api/admin/venues/${venueId}/chart/preview?part=availability&t=${preview}`}
            streamUrl={null}
            refreshIntervalMs={0}
          />
        </section>
      )}
    </div>
  );
}

function NumberField({ label, value, onChange, step = 1, min }: { label: string; value: number; onChange: (v: number) => void; step?: number; min?: number }) {
  return (
    <label className="flex items-center justify-between gap-2">
      <span>{label}</span>
      <input
        type="number"
        aria-label={label}
        value={Number.isFinite(value) ? value : 0}
        step={step}
        min={min}
        onChange={(e) => {
          const v = e.target.valueAsNumber;
          if (Number.isFinite(v)) onChange(v);
        }}
        className="w-24 rounded border px-1 py-0.5 text-right dark:bg-zinc-900"
      />
    </label>
  );
}

function TextField({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  return (
    <label className="flex items-center justify-between gap-2">
      <span>{label}</span>
      <input aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} className="w-36 rounded border px-1 py-0.5 dark:bg-zinc-900" />
    </label>
  );
}

type PanelProps = {
  section: ChartSection;
  onChange: (s: ChartSection) => void;
  onDelete: () => void;
  onCopy: () => void;
  onRotate: (deg: number) => void;
  onFlag: (row: string, seats: number[], choice: FlagChoice, reason: string) => void;
};

function SectionPanel({ section: s, onChange, onDelete, onCopy, onRotate, onFlag }: PanelProps) {
  const [flagRow, setFlagRow] = useState("");
  const [flagSeatsText, setFlagSeatsText] = useState("");
  const [flag, setFlag] = useState<FlagChoice>("wheelchair");
  const [reason, setReason] = useState("");
  const labelled = s.kind === "grid" || s.kind === "curved" ? s : null;
  return (
    <section aria-label="Section" data-testid="section-panel" className="flex flex-col gap-1.5 rounded-xl border border-zinc-200 p-3 dark:border-zinc-800">
      <h2 className="font-semibold">
        {s.kind === "ga" ? "General admission" : s.kind === "free" ? "Single seats" : s.kind === "curved" ? "Curved section" : "Grid section"}
      </h2>
      <TextField label="Name" value={s.name} onChange={(name) => onChange({ ...s, name })} />
      <TextField label="Label" value={s.label} onChange={(label) => onChange({ ...s, label })} />
      {s.kind === "grid" && (
        <>
          <NumberField label="Rows" value={s.rows} min={1} onChange={(rows) => onChange({ ...s, rows })} />
          <NumberField label="Seats per row" value={s.seats_per_row} min={1} onChange={(seats_per_row) => onChange({ ...s, seats_per_row })} />
          <NumberField label="Seat spacing" value={s.seat_spacing} step={0.5} onChange={(seat_spacing) => onChange({ ...s, seat_spacing })} />
          <NumberField label="Row spacing" value={s.row_spacing} step={0.5} onChange={(row_spacing) => onChange({ ...s, row_spacing })} />
          <NumberField label="Rotation" value={s.rotation} onChange={(rotation) => onChange({ ...s, rotation })} />
          <NumberField label="Origin x" value={s.origin.x} onChange={(x) => onChange({ ...s, origin: { ...s.origin, x } })} />
          <NumberField label="Origin y" value={s.origin.y} onChange={(y) => onChange({ ...s, origin: { ...s.origin, y } })} />
        </>
      )}
      {s.kind === "curved" && (
        <>
          <NumberField label="Rows" value={s.rows} min={1} onChange={(rows) => onChange({ ...s, rows })} />
          <NumberField label="Radius" value={s.radius} onChange={(radius) => onChange({ ...s, radius })} />
          <NumberField label="Row spacing" value={s.row_spacing} step={0.5} onChange={(row_spacing) => onChange({ ...s, row_spacing })} />
          <NumberField label="Seat spacing" value={s.seat_spacing} step={0.5} onChange={(seat_spacing) => onChange({ ...s, seat_spacing })} />
          <NumberField label="Start angle" value={s.start_angle} onChange={(start_angle) => onChange({ ...s, start_angle })} />
          <NumberField label="End angle" value={s.end_angle} onChange={(end_angle) => onChange({ ...s, end_angle })} />
          <NumberField label="Focus x" value={s.center.x} onChange={(x) => onChange({ ...s, center: { ...s.center, x } })} />
          <NumberField label="Focus y" value={s.center.y} onChange={(y) => onChange({ ...s, center: { ...s.center, y } })} />
        </>
      )}
      {s.kind === "ga" && <NumberField label="Capacity" value={s.capacity} min={0} onChange={(capacity) => onChange({ ...s, capacity })} />}
      {s.kind === "free" && <p className="text-zinc-500">{s.seats.length} seats: use the “Place single seats” tool to add more.</p>}
      {labelled && (
        <>
          <label className="flex items-center justify-between gap-2">
            <span>Row labels</span>
            <select aria-label="Row labels" value={labelled.row_labels.style} onChange={(e) => onChange({ ...labelled, row_labels: { ...labelled.row_labels, style: e.target.value as "letters" | "numbers", start: e.target.value === "numbers" ? 1 : 0 } })} className="rounded border px-1 py-0.5 dark:bg-zinc-900">
              <option value="letters">A, B, C…</option>
              <option value="numbers">1, 2, 3…</option>
            </select>
          </label>
          {labelled.row_labels.style === "letters" && (
            <TextField label="Skip letters" value={labelled.row_labels.skip.join("")} onChange={(v) => onChange({ ...labelled, row_labels: { ...labelled.row_labels, skip: [...new Set(v.toUpperCase().replace(/[^A-Z]/g, "").split(""))].filter(Boolean) } })} />
          )}
          <NumberField label="First row" value={labelled.row_labels.start} min={0} onChange={(start) => onChange({ ...labelled, row_labels: { ...labelled.row_labels, start } })} />
          <label className="flex items-center justify-between gap-2">
            <span>Seat numbers</span>
            <select aria-label="Seat numbers" value={labelled.seat_labels.order} onChange={(e) => onChange({ ...labelled, seat_labels: { ...labelled.seat_labels, order: e.target.value as "ltr" | "rtl" | "odd_even" } })} className="rounded border px-1 py-0.5 dark:bg-zinc-900">
              <option value="ltr">Left to right</option>
              <option value="rtl">Right to left</option>
              <option value="odd_even">Odd left, even right</option>
            </select>
          </label>
          <fieldset className="mt-1 flex flex-col gap-1 border-t border-zinc-200 pt-2 dark:border-zinc-800">
            <legend className="font-medium">Flag seats</legend>
            <TextField label="Flag row" value={flagRow} onChange={setFlagRow} />
            <TextField label="Flag seat numbers" value={flagSeatsText} onChange={setFlagSeatsText} />
            <select aria-label="Flag to set" value={flag} onChange={(e) => setFlag(e.target.value as FlagChoice)} className="rounded border px-1 py-0.5 dark:bg-zinc-900">
              <option value="wheelchair">Wheelchair</option>
              <option value="companion">Companion</option>
              <option value="restricted_view">Restricted view</option>
              <option value="not_for_sale">Not for sale</option>
              <option value="clear">Clear flags</option>
            </select>
            {flag === "not_for_sale" && <TextField label="Not for sale reason" value={reason} onChange={setReason} />}
            <button
              type="button"
              className={BTN}
              onClick={() => {
                const seats = flagSeatsText.split(/[\s,]+/).map(Number).filter((n) => Number.isInteger(n) && n > 0);
                if (flagRow.trim() && seats.length) onFlag(flagRow.trim(), seats, flag, reason);
              }}
            >
              Apply flag
            </button>
            {labelled.flags.length > 0 && (
              <ul className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="flag-rules">
                {labelled.flags.map((f, i) => (
                  <li key={i}>
                    Row {f.row}, seats {f.seats === "all" ? "all" : f.seats.join(", ")}: {Object.entries(f.flags).map(([k, v]) => (v === true ? k : `${k} ${String(v)}`)).join(", ")}
                  </li>
                ))}
              </ul>
            )}
          </fieldset>
        </>
      )}
      <div className="mt-1 flex flex-wrap gap-2">
        <button type="button" className={BTN} onClick={() => onRotate(-15)}>Rotate −15°</button>
        <button type="button" className={BTN} onClick={() => onRotate(15)}>Rotate +15°</button>
        <button type="button" className={BTN} onClick={onCopy}>Copy</button>
        <button type="button" className={BTN} onClick={onDelete}>Delete</button>
      </div>
    </section>
  );
}

function CanvasPanel({ doc, onChange }: { doc: ChartDocument; onChange: (d: ChartDocument) => void }) {
  return (
    <section aria-label="Chart" className="flex flex-col gap-1.5 rounded-xl border border-zinc-200 p-3 dark:border-zinc-800">
      <h2 className="font-semibold">Chart and stage</h2>
      <NumberField label="Canvas width" value={doc.canvas.width} onChange={(width) => onChange({ ...doc, canvas: { ...doc.canvas, width } })} />
      <NumberField label="Canvas height" value={doc.canvas.height} onChange={(height) => onChange({ ...doc, canvas: { ...doc.canvas, height } })} />
      <NumberField label="Seat radius" value={doc.seat_radius} step={0.5} onChange={(seat_radius) => onChange({ ...doc, seat_radius })} />
      <TextField label="Stage label" value={doc.stage.label} onChange={(label) => onChange({ ...doc, stage: { ...doc.stage, label } })} />
      <NumberField label="Stage x" value={doc.stage.x} onChange={(x) => onChange({ ...doc, stage: { ...doc.stage, x } })} />
      <NumberField label="Stage y" value={doc.stage.y} onChange={(y) => onChange({ ...doc, stage: { ...doc.stage, y } })} />
      <NumberField label="Stage width" value={doc.stage.width} onChange={(width) => onChange({ ...doc, stage: { ...doc.stage, width } })} />
      <NumberField label="Stage height" value={doc.stage.height} onChange={(height) => onChange({ ...doc, stage: { ...doc.stage, height } })} />
      <p className="text-xs text-zinc-500">Select a section on the canvas to edit it. Curved sections face the focus point (red ring, the stage centre).</p>
    </section>
  );
}
