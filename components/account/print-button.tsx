"use client";
// Opens the browser's print dialog for the page (the ticket page's print: styles do the layout).

export function PrintButton({ className, label = "Print" }: { className?: string; label?: string }) {
  return (
    <button type="button" onClick={() => window.print()} className={className}>
      {label}
    </button>
  );
}
