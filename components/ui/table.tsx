/**
 * Table primitives. DataTable scrolls sideways inside its own card on narrow screens, so a wide
 * table never widens the page (the card is `relative` so screen-reader-only text, which is
 * absolutely positioned, is clipped with the rest); `testId` lands on the <table> itself.
 */
export function DataTable({ testId, className = "", children }: { testId?: string; className?: string; children: React.ReactNode }) {
  return (
    <div className={`relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm ${className}`.trim()}>
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid={testId}>
        {children}
      </table>
    </div>
  );
}

/** The header row of a DataTable: pass the <th> cells. */
export function TableHead({ children }: { children: React.ReactNode }) {
  return (
    <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-600 uppercase">
      <tr>{children}</tr>
    </thead>
  );
}

/** The padding of every list-table cell, with optional extra classes. */
export function cell(extra = ""): string {
  return extra ? `px-4 py-2 ${extra}` : "px-4 py-2";
}

export function Td({ className = "", children, ...rest }: React.TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cell(className)} {...rest}>{children}</td>;
}

export function Th({ className = "", children, ...rest }: React.ThHTMLAttributes<HTMLTableCellElement>) {
  return <th className={cell(className)} {...rest}>{children}</th>;
}
