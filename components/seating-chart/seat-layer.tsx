"use client";
// Every seat as a circle, in one layer that React renders once as an empty <g> and never
// reconciles: the circles are created with DOM calls when the chart data arrives, and afterwards
// only the seats whose availability changed are touched. With 20,000 seats the cost is the
// browser's per-element work (style, layout, paint); React's reconciler on top of that doubled the
// first render, and a hover or pan never re-renders this layer at all. The circles are created a
// few thousand per task in detached groups and attached together, so the page stays responsive
// while they are made and the DOM never holds part of a chart (tests can count seats at any time).
//
// Circles are grouped by class so the fill is set once per group. Interaction is delegated to the
// svg through data attributes:
//   data-i            index into the chart arrays (hit-testing)
//   data-ticket-id    the ticket on this seat (absent when the seat is not on sale)
//   data-available    "true" | "false"
//   data-access       "wheelchair" | "companion" (absent on plain seats; their mark is in the overlay)
import { memo, useEffect, useRef } from "react";
import type { ChartAvailability, ChartLayout } from "@/components/seating-chart/chart-model";

const SVG_NS = "http://www.w3.org/2000/svg";
/** Seats created per task. */
const CHUNK = 4000;

type Layer = {
  layout: ChartLayout;
  circles: SVGCircleElement[];
  unavailable: SVGGElement;
  byClass: SVGGElement[];
  /** Availability the created circles show; seats still to be created read it too. */
  available: Uint8Array;
  created: number;
  timer: ReturnType<typeof setTimeout> | undefined;
};

function groupFor(layer: Layer, i: number, available: boolean): SVGGElement {
  const ci = layer.layout.classIndex[i]!;
  return (available && ci >= 0 ? layer.byClass[ci] : undefined) ?? layer.unavailable;
}

function createLayer(root: SVGGElement, layout: ChartLayout, availability: ChartAvailability, onDone: () => void): Layer {
  const unavailable = document.createElementNS(SVG_NS, "g");
  unavailable.setAttribute("class", "seat-unavailable");
  // Taken seats are drawn smaller as well as grey (globals.css), so they differ by shape, not hue.
  unavailable.setAttribute("style", `--seat-r-taken: ${Math.round(layout.seatRadius * 550) / 1000}px`);
  const byClass = layout.classes.map((c) => {
    const g = document.createElementNS(SVG_NS, "g");
    g.setAttribute("fill", c.color);
    g.setAttribute("data-class-id", c.class_id);
    return g;
  });
  const layer: Layer = { layout, circles: new Array(layout.seatCount), unavailable, byClass, available: availability.available, created: 0, timer: undefined };

  const template = document.createElementNS(SVG_NS, "circle");
  template.setAttribute("r", String(Math.round(layout.seatRadius * 1000) / 1000));
  const { seat_x, seat_y } = layout.map;
  const chunk = () => {
    const end = Math.min(layout.seatCount, layer.created + CHUNK);
    for (let i = layer.created; i < end; i++) {
      const c = template.cloneNode(false) as SVGCircleElement;
      c.setAttribute("cx", String(seat_x[i]));
      c.setAttribute("cy", String(seat_y[i]));
      c.setAttribute("data-i", String(i));
      const tid = layout.ticketId[i]!;
      if (tid >= 0) c.setAttribute("data-ticket-id", String(tid));
      const access = layout.access[i];
      if (access) c.setAttribute("data-access", access === 1 ? "wheelchair" : "companion");
      const available = layer.available[i] === 1;
      c.setAttribute("data-available", available ? "true" : "false");
      groupFor(layer, i, available).appendChild(c);
      layer.circles[i] = c;
    }
    layer.created = end;
    if (end < layout.seatCount) {
      layer.timer = setTimeout(chunk, 0);
      return;
    }
    root.replaceChildren(unavailable, ...byClass);
    onDone();
  };
  chunk();
  return layer;
}

function updateAvailability(layer: Layer, availability: ChartAvailability) {
  const next = availability.available;
  for (let i = 0; i < layer.created; i++) {
    if (layer.available[i] === next[i]) continue;
    const available = next[i] === 1;
    const c = layer.circles[i]!;
    c.setAttribute("data-available", available ? "true" : "false");
    groupFor(layer, i, available).appendChild(c);
  }
  layer.available = next;
}

type SeatLayerProps = {
  layout: ChartLayout;
  availability: ChartAvailability;
  /** Called once every seat of a new layout is in the DOM. */
  onReady?: () => void;
};

export const SeatLayer = memo(function SeatLayer({ layout, availability, onReady }: SeatLayerProps) {
  const ref = useRef<SVGGElement>(null);
  const layerRef = useRef<Layer | null>(null);
  const onReadyRef = useRef(onReady);
  useEffect(() => {
    onReadyRef.current = onReady;
  }, [onReady]);

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const layer = layerRef.current;
    if (layer && layer.layout === layout) {
      updateAvailability(layer, availability);
      return;
    }
    clearTimeout(layer?.timer);
    layerRef.current = createLayer(root, layout, availability, () => onReadyRef.current?.());
  }, [layout, availability]);

  // Forgetting the layer on unmount matters in development: Strict Mode unmounts and mounts again,
  // and a kept layer whose chunking was stopped here would never finish (nor call onReady).
  useEffect(
    () => () => {
      clearTimeout(layerRef.current?.timer);
      layerRef.current = null;
    },
    [],
  );

  return <g ref={ref} data-layer="seats" />;
});
