// The static drawing under and over the seats: section outlines, the stage and section labels.
import { memo } from "react";
import type { ChartLayout } from "@/components/seating-chart/chart-model";
import type { SeatMapSection } from "@/lib/events/types";

/** "112" for "Section 112" (short labels fit a zoomed-out arena), else the label itself. */
function chartLabel(s: SeatMapSection): string {
  if (!s.label) return s.name;
  return s.label !== s.name && s.label.endsWith(` ${s.name}`) ? s.name : s.label;
}

export const SectionOutlines = memo(function SectionOutlines({ layout }: { layout: ChartLayout }) {
  const { stage, sections } = layout.map;
  const stageFont = Math.min(stage.height * 0.38, (stage.width / Math.max(4, stage.label.length)) * 1.1);
  return (
    <g aria-hidden="true">
      {sections.map((s) =>
        s.outline ? (
          <path
            key={s.id}
            d={s.outline}
            vectorEffect="non-scaling-stroke"
            strokeWidth={1}
            strokeDasharray={s.kind === "general_admission" ? "4 3" : undefined}
            className="fill-zinc-100 stroke-zinc-300 dark:fill-zinc-800/60 dark:stroke-zinc-700"
          />
        ) : null,
      )}
      {stage.width > 0 && stage.height > 0 && (
        <g>
          <rect x={stage.x} y={stage.y} width={stage.width} height={stage.height} rx={Math.min(stage.width, stage.height) * 0.12} className="fill-zinc-800 dark:fill-zinc-600" />
          <text
            x={stage.x + stage.width / 2}
            y={stage.y + stage.height / 2}
            textAnchor="middle"
            dominantBaseline="central"
            fontSize={stageFont}
            fontWeight={600}
            letterSpacing="0.12em"
            className="fill-white"
          >
            {stage.label}
          </text>
        </g>
      )}
    </g>
  );
});

export const SectionLabels = memo(function SectionLabels({ layout, labelsRef }: { layout: ChartLayout; labelsRef: (el: SVGGElement | null) => void }) {
  return (
    <g
      ref={labelsRef}
      aria-hidden="true"
      pointerEvents="none"
      textAnchor="middle"
      dominantBaseline="central"
      fontWeight={600}
      // --upp (chart units per pixel) is kept current by the view controller, so labels keep a
      // constant size on screen while the seats scale.
      style={{ fontSize: "calc(var(--upp, 1) * 11px)", strokeWidth: "calc(var(--upp, 1) * 3px)", paintOrder: "stroke" }}
      className="fill-zinc-600 stroke-white/90 dark:fill-zinc-300 dark:stroke-zinc-950/90"
      strokeLinejoin="round"
    >
      {layout.map.sections.map((s) => (
        <text key={s.id} x={s.label_x} y={s.label_y}>
          {chartLabel(s)}
        </text>
      ))}
    </g>
  );
});
