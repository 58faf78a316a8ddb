/** A bordered card holding a table; `testId` lands on the <table> itself. */
export function DataTable({ testId, className = "", children }: { testId?: string; className?: string; children: React.ReactNode }) {
  return (
    <div className={`overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm ${className}`.trim()}>
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid={testId}>
        {children}
      </table>
    </div>
  );
}

/** The header row of a DataTable: pass the <th> cells. */
export function TableHead({ children }: { children: React.ReactNode }) {
  return (
    <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
      <tr>{children}</tr>
    </thead>
  );
}
