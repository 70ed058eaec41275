import Link from "next/link";

/** The OpenSeat mark: a seat seen from the front, in a rounded square. */
export function LogoMark({ className = "size-8" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <rect width="32" height="32" rx="8" className="fill-brand-600" />
      <path d="M10 9.5a2.5 2.5 0 0 1 2.5-2.5h7A2.5 2.5 0 0 1 22 9.5V17H10z" fill="white" />
      <path d="M7.5 15.5a1.5 1.5 0 0 1 3 0V18h11v-2.5a1.5 1.5 0 0 1 3 0V21a1 1 0 0 1-1 1h-15a1 1 0 0 1-1-1z" fill="white" opacity="0.85" />
      <path d="M10 22v3M22 22v3" stroke="white" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

export function Logo() {
  return (
    <Link href="/" className="flex items-center gap-2 rounded-lg font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-brand-500" aria-label="OpenSeat home">
      <LogoMark />
      <span className="text-lg">OpenSeat</span>
    </Link>
  );
}
