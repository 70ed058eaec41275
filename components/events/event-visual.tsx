// A generated picture for events without an image: a gradient and a line motif chosen by the event
// type, so the grid looks designed without fetching anything. Deterministic for a given type.
import Image from "next/image";

type Motif = "music" | "sports" | "theater" | "comedy" | "family" | "festival" | "talk" | "abstract";

type Look = { motif: Motif; from: string; to: string };

const LOOKS: { match: RegExp; look: Look }[] = [
  { match: /concert|music|gig|tour|dj|jazz|rock|pop|classical|orchestra|symphony/i, look: { motif: "music", from: "#7c3aed", to: "#db2777" } },
  { match: /sport|game|match|basketball|football|soccer|hockey|baseball|tennis|racing|boxing|wrestling|mma/i, look: { motif: "sports", from: "#047857", to: "#0369a1" } },
  { match: /theat|musical|opera|ballet|dance|broadway|play|drama/i, look: { motif: "theater", from: "#9f1239", to: "#7c2d12" } },
  { match: /comedy|stand-?up|improv/i, look: { motif: "comedy", from: "#c2410c", to: "#a16207" } },
  { match: /family|kids|children|circus|magic|ice show/i, look: { motif: "family", from: "#0284c7", to: "#4f46e5" } },
  { match: /festival|fair|expo/i, look: { motif: "festival", from: "#be185d", to: "#ea580c" } },
  { match: /conference|talk|lecture|summit|seminar|podcast/i, look: { motif: "talk", from: "#334155", to: "#0f766e" } },
];

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function lookFor(type: string): Look {
  const known = LOOKS.find((l) => l.match.test(type));
  if (known) return known.look;
  const hue = hash(type.toLowerCase()) % 360;
  return { motif: "abstract", from: `hsl(${hue} 62% 38%)`, to: `hsl(${(hue + 48) % 360} 70% 30%)` };
}

function MotifArt({ motif, seed }: { motif: Motif; seed: number }) {
  const common = { fill: "none", stroke: "white", strokeLinecap: "round" as const, strokeLinejoin: "round" as const };
  switch (motif) {
    case "music": {
      // Equalizer bars whose heights vary per event.
      const bars = Array.from({ length: 22 }, (_, i) => {
        const h = 18 + ((seed >> (i % 24)) & 7) * 7 + Math.sin(i * 0.7) * 14 + 14;
        return <rect key={i} x={16 + i * 14} y={180 - h} width={7} height={h} rx={3.5} fill="white" />;
      });
      return (
        <g opacity={0.28}>
          {bars}
          <circle cx={300} cy={60} r={36} {...common} strokeWidth={3} opacity={0.7} />
          <circle cx={300} cy={60} r={12} fill="white" opacity={0.7} />
        </g>
      );
    }
    case "sports":
      return (
        <g {...common} strokeWidth={3} opacity={0.3}>
          <rect x={30} y={24} width={300} height={152} rx={6} />
          <line x1={180} y1={24} x2={180} y2={176} />
          <circle cx={180} cy={100} r={30} />
          <rect x={30} y={64} width={40} height={72} />
          <rect x={290} y={64} width={40} height={72} />
        </g>
      );
    case "theater":
      return (
        <g opacity={0.3}>
          <path d="M0 0 H360 V26 Q330 40 300 26 Q270 40 240 26 Q210 40 180 26 Q150 40 120 26 Q90 40 60 26 Q30 40 0 26 Z" fill="white" />
          <path d="M0 26 C 40 70 50 140 30 200 H0 Z M360 26 C 320 70 310 140 330 200 H360 Z" fill="white" opacity={0.8} />
          <ellipse cx={180} cy={186} rx={110} ry={14} fill="white" opacity={0.6} />
        </g>
      );
    case "comedy":
      return (
        <g opacity={0.3}>
          <circle cx={180} cy={160} r={70} fill="white" opacity={0.35} />
          <rect x={168} y={60} width={24} height={44} rx={12} fill="white" />
          <path d="M158 92 a22 22 0 0 0 44 0" {...common} strokeWidth={4} />
          <line x1={180} y1={114} x2={180} y2={150} {...common} strokeWidth={4} />
          <line x1={160} y1={150} x2={200} y2={150} {...common} strokeWidth={4} />
        </g>
      );
    case "family":
      return (
        <g opacity={0.32} fill="white">
          {Array.from({ length: 9 }, (_, i) => {
            const x = 30 + ((seed >> i) % 9) * 36 + i * 7;
            const y = 30 + ((seed >> (i + 3)) % 5) * 30;
            const r = 6 + ((seed >> (i + 5)) & 3) * 3;
            return <path key={i} d={`M${x} ${y - r} L${x + r * 0.3} ${y - r * 0.3} L${x + r} ${y} L${x + r * 0.3} ${y + r * 0.3} L${x} ${y + r} L${x - r * 0.3} ${y + r * 0.3} L${x - r} ${y} L${x - r * 0.3} ${y - r * 0.3} Z`} />;
          })}
        </g>
      );
    case "festival":
      return (
        <g opacity={0.32}>
          <path d="M0 40 Q180 90 360 40" {...common} strokeWidth={2} />
          {Array.from({ length: 11 }, (_, i) => {
            const x = 16 + i * 32;
            const y = 40 + Math.sin((i / 10) * Math.PI) * 25;
            return <path key={i} d={`M${x - 9} ${y} L${x + 9} ${y} L${x} ${y + 22} Z`} fill="white" />;
          })}
        </g>
      );
    case "talk":
      return (
        <g {...common} strokeWidth={3} opacity={0.3}>
          <rect x={70} y={40} width={150} height={90} rx={14} />
          <path d="M110 130 l-14 26 l34 -26" />
          <rect x={170} y={80} width={130} height={76} rx={14} fill="white" fillOpacity={0.25} />
        </g>
      );
    default:
      return (
        <g opacity={0.3} fill="white">
          {Array.from({ length: 6 }, (_, i) => (
            <circle key={i} cx={(seed >> (i * 3)) % 360} cy={(seed >> (i * 2 + 1)) % 200} r={18 + ((seed >> i) & 31)} opacity={0.5} />
          ))}
        </g>
      );
  }
}

export type EventVisualProps = {
  type: string;
  title: string;
  /** A local image under /public; anything else (a remote URL) is ignored here. */
  imagePath?: string | null;
  className?: string;
  /** Sizes hint for a real image (next/image). */
  sizes?: string;
  priority?: boolean;
};

export function EventVisual({ type, title, imagePath, className = "", sizes = "(min-width: 1024px) 33vw, (min-width: 640px) 50vw, 100vw", priority }: EventVisualProps) {
  if (imagePath && imagePath.startsWith("/") && !imagePath.startsWith("//")) {
    return (
      <div className={`relative overflow-hidden bg-zinc-200 dark:bg-zinc-800 ${className}`}>
        <Image src={imagePath} alt="" fill sizes={sizes} className="object-cover" priority={priority} />
      </div>
    );
  }
  const look = lookFor(type);
  const seed = hash(title);
  // Events of one type share a palette and motif; the title shifts hue, angle and framing a little
  // so that a grid of them does not look copy-pasted.
  // Wide enough that two events of one type side by side do not look the same.
  const hueShift = (seed % 121) - 60;
  const angle = 115 + ((seed >> 6) % 50);
  const flip = (seed >> 11) & 1 ? -1 : 1;
  const zoom = 1 + ((seed >> 13) % 25) / 100;
  return (
    <div
      className={`relative overflow-hidden ${className}`}
      style={{ backgroundImage: `linear-gradient(${angle}deg, ${look.from}, ${look.to})`, filter: hueShift ? `hue-rotate(${hueShift}deg)` : undefined }}
      aria-hidden="true"
    >
      <svg viewBox="0 0 360 200" preserveAspectRatio="xMidYMid slice" className="absolute inset-0 h-full w-full">
        <g transform={`translate(180 100) scale(${flip * zoom} ${zoom}) translate(-180 -100)`}>
          <MotifArt motif={look.motif} seed={seed} />
        </g>
      </svg>
      <div className="absolute -right-10 -top-16 size-48 rounded-full bg-white/10 blur-2xl" style={{ transform: `translateX(${-((seed >> 4) % 160)}px)` }} />
      <div className="absolute inset-0 bg-gradient-to-t from-black/30 to-transparent" />
    </div>
  );
}
