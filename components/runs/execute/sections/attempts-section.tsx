"use client";

import { StatusChip } from "@/components/ui/chips";
import { formatDateTime } from "@/components/ui/format";
import { Markdown } from "@/components/ui/markdown";
import { formatDuration, relative } from "../execute-format";
import { useExecute } from "../execute-provider";
import type { Attempt } from "../types";

/** Earlier attempts at this entry in this run, each with what the tester wrote, step by step, and the defect. */
export function AttemptsSection() {
  const { data, now } = useExecute();
  return (
    <section className="mt-6" aria-labelledby="attempts-heading">
      <h2 id="attempts-heading" className="text-xs font-semibold tracking-wide text-slate-600 uppercase">
        Previous attempts in this run
      </h2>
      {data.attempts.length === 0 ? (
        <p className="mt-1.5 text-sm text-slate-600">None yet: this is the first attempt.</p>
      ) : (
        <ul className="mt-1.5 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="attempts">
          {data.attempts.map((a) => (
            <li key={a.id} className="px-4 py-2" data-testid="attempt">
              <div className="flex flex-wrap items-center gap-3">
                <span className="w-8 text-xs text-slate-600 tabular-nums">#{a.attempt}</span>
                <StatusChip status={a.status} />
                <span className="text-slate-700">{a.by ?? "A deleted user"}</span>
                <span className="ml-auto text-xs text-slate-600" title={formatDateTime(a.executedAt)}>
                  {relative(a.executedAt, now)}
                  {a.durationMs !== null && <> · {formatDuration(a.durationMs)}</>}
                </span>
              </div>
              <AttemptDetails attempt={a} stepCount={data.entry.steps.length} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AttemptDetails({ attempt, stepCount }: { attempt: Attempt; stepCount: number }) {
  const steps = (attempt.stepResults ?? []).filter((s) => s.index >= 0 && s.index < Math.max(stepCount, s.index + 1));
  if (!attempt.comment && !steps.length && !attempt.defect) return null;
  return (
    <div className="mt-1.5 space-y-1.5 pl-11">
      {attempt.comment && <Markdown source={attempt.comment} className="text-slate-800 break-words" />}
      {steps.length > 0 && (
        <ol className="flex flex-wrap gap-1.5" aria-label={`Steps of attempt ${attempt.attempt}`} data-testid="attempt-steps">
          {steps.map((s) => (
            <li key={s.index} className="inline-flex items-center gap-1 text-xs text-slate-700">
              Step {s.index + 1} <StatusChip status={s.status} />
            </li>
          ))}
        </ol>
      )}
      {attempt.defect && (
        <p className="text-xs text-slate-700" data-testid="attempt-defect">
          Defect{" "}
          {attempt.defect.url && /^https?:\/\//i.test(attempt.defect.url) ? (
            <a href={attempt.defect.url} target="_blank" rel="noopener noreferrer nofollow" className="font-mono font-medium text-indigo-700 underline">
              {attempt.defect.key}
            </a>
          ) : (
            <span className="font-mono font-medium">{attempt.defect.key}</span>
          )}
        </p>
      )}
    </div>
  );
}
