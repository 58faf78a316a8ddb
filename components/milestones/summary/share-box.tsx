"use client";

import { useState } from "react";

function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div>
      <div className="text-xs font-medium text-slate-600">{label}</div>
      <div className="mt-1 flex gap-2">
        <input readOnly value={value} aria-label={label} data-testid={testId} onFocus={(e) => e.currentTarget.select()} className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-2 py-1 font-mono text-xs text-slate-700" />
        <button
          type="button"
          onClick={async () => {
            await navigator.clipboard?.writeText(value).catch(() => undefined);
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          }}
          className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}

/** The page link to share, and the signed badge markdown for READMEs. */
export function ShareBox({ url, badgeMarkdown }: { url: string; badgeMarkdown: string | null }) {
  return (
    <div className="space-y-3 print:hidden">
      <CopyField label="Share link" value={url} testId="share-link" />
      {badgeMarkdown && <CopyField label="Status badge (Markdown)" value={badgeMarkdown} testId="badge-markdown" />}
    </div>
  );
}
