"use client";

import { useCallback, useEffect, useRef, useState } from "react";

export type TotpTokenRef = { id: string; name: string; issuer: string; account: string; digits: number; period: number };

type Fetched = { code: string; expiresAt: number; period: number };

/** "123456" → "123 456", "12345678" → "1234 5678": easier to read aloud and to type. */
function grouped(code: string): string {
  const half = Math.ceil(code.length / 2);
  return `${code.slice(0, half)} ${code.slice(half)}`;
}

/**
 * The current code of a shared authenticator token with a countdown ring and a copy button.
 * The code is fetched when shown and again when it expires; every fetch is audited server-side.
 */
export function TotpCode({ projectKey, token, compact = false }: { projectKey: string; token: TotpTokenRef; compact?: boolean }) {
  const [current, setCurrent] = useState<Fetched | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [copied, setCopied] = useState(false);
  const inFlight = useRef(false);
  const retryAt = useRef(0);

  const load = useCallback(async () => {
    if (inFlight.current || Date.now() < retryAt.current) return;
    inFlight.current = true;
    try {
      const res = await fetch(`/api/projects/${projectKey}/authenticator-tokens/${token.id}/code`, { cache: "no-store" });
      const body = await res.json().catch(() => null);
      if (res.ok) {
        setCurrent({ code: body.code, period: body.period, expiresAt: Date.now() + body.timeRemaining * 1000 });
        setError(null);
      } else {
        const wait = Number(res.headers.get("retry-after") ?? 0);
        if (wait) retryAt.current = Date.now() + wait * 1000;
        setError(body?.error?.message ?? `Could not read the code (HTTP ${res.status}).`);
      }
    } catch {
      setError("Could not reach the server.");
      retryAt.current = Date.now() + 5000;
    } finally {
      inFlight.current = false;
    }
  }, [projectKey, token.id]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);

  const remainingMs = current ? current.expiresAt - now : 0;
  useEffect(() => {
    if (current && remainingMs <= 0) void load();
  }, [current, remainingMs, load]);

  async function copy() {
    if (!current) return;
    try {
      await navigator.clipboard.writeText(current.code);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setError("The browser refused clipboard access; select the code and copy it.");
    }
  }

  const period = current?.period ?? token.period;
  const seconds = Math.max(0, Math.ceil(remainingMs / 1000));
  const fraction = current ? Math.max(0, Math.min(1, remainingMs / (period * 1000))) : 0;
  const urgent = current !== null && seconds <= 5;
  const r = 15;
  const circumference = 2 * Math.PI * r;
  const label = [token.issuer, token.account].filter(Boolean).join(" · ");

  return (
    <div
      className={`flex items-center gap-3 rounded-lg border bg-white ${compact ? "px-3 py-2" : "px-4 py-3"} ${urgent ? "border-amber-300" : "border-slate-200"}`}
      data-testid="totp-code"
      data-token={token.name}
    >
      <div className="relative h-10 w-10 shrink-0" aria-hidden>
        <svg viewBox="0 0 36 36" className="h-10 w-10 -rotate-90">
          <circle cx="18" cy="18" r={r} fill="none" strokeWidth="3" className="stroke-slate-100" />
          <circle
            cx="18"
            cy="18"
            r={r}
            fill="none"
            strokeWidth="3"
            strokeLinecap="round"
            strokeDasharray={circumference}
            strokeDashoffset={circumference * (1 - fraction)}
            className={`transition-[stroke-dashoffset] duration-300 ease-linear ${urgent ? "stroke-amber-500" : "stroke-indigo-500"}`}
          />
        </svg>
        <span className={`absolute inset-0 flex items-center justify-center text-[11px] font-semibold tabular-nums ${urgent ? "text-amber-700" : "text-slate-600"}`}>
          {current ? seconds : "…"}
        </span>
      </div>
      <div className="min-w-0 flex-1">
        <div className="flex items-center gap-2 text-xs text-slate-600">
          <span className="shrink-0 font-medium whitespace-nowrap text-slate-700">{token.name}</span>
          {label && <span className="min-w-0 truncate">{label}</span>}
        </div>
        {current ? (
          <output
            className={`block font-mono text-2xl font-semibold tracking-[0.15em] tabular-nums ${urgent ? "text-amber-700" : "text-slate-900"}`}
            aria-label={`Code for ${token.name}`}
            aria-live="polite"
            data-testid="totp-value"
            data-code={current.code}
          >
            {grouped(current.code)}
          </output>
        ) : (
          <span className="block h-8 w-32 animate-pulse rounded bg-slate-100" />
        )}
        {error && <p role="alert" className="text-xs text-rose-600">{error}</p>}
      </div>
      <button
        type="button"
        onClick={copy}
        disabled={!current}
        className={`shrink-0 rounded-md px-2.5 py-1.5 text-xs font-medium ring-1 ring-inset transition disabled:opacity-50 ${
          copied ? "bg-emerald-50 text-emerald-700 ring-emerald-200" : "bg-white text-slate-700 ring-slate-200 hover:bg-slate-50"
        }`}
        aria-label={`Copy the code for ${token.name}`}
        data-copy-code
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}
