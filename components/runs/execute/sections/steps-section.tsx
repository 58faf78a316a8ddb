"use client";

import { STATUS_TONES } from "@/components/ui/chips";
import { Kbd } from "@/components/ui/kbd";
import { Markdown } from "@/components/ui/markdown";
import { STEP_BUTTONS } from "../execute-format";
import { useExecute } from "../execute-provider";

/** The steps with their expected results, each with its own status (buttons, or keys 1–9). */
export function StepsSection() {
  const { data, steps, activeStep, setStep, writable, refs } = useExecute();
  const list = data.entry.steps;
  return (
    <section className="mt-5" aria-labelledby="steps-heading">
      <div className="flex items-baseline justify-between">
        <h2 id="steps-heading" className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Steps</h2>
        {list.length > 0 && writable && (
          <span className="text-xs text-slate-600">
            <Kbd>1</Kbd>–<Kbd>{Math.min(9, list.length)}</Kbd> cycle a step · <Kbd>A</Kbd> pass the rest
          </span>
        )}
      </div>
      {list.length === 0 ? (
        <p className="mt-1.5 rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
          This case has no steps: judge it as a whole.
        </p>
      ) : (
        <ol className="mt-1.5 divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="steps">
          {list.map((s, i) => {
            const st = steps[i];
            const active = activeStep === i;
            return (
              <li
                key={i}
                ref={(el) => {
                  refs.steps.current[i] = el;
                }}
                data-testid={`step-${i + 1}`}
                data-status={st}
                className={`relative grid grid-cols-[2rem_1fr] gap-3 px-4 py-3 sm:grid-cols-[2rem_1fr_auto] ${active ? "bg-indigo-50/60" : ""}`}
              >
                {active && <span className="absolute inset-y-0 left-0 w-0.5 bg-indigo-500" aria-hidden />}
                <span
                  className={`mt-0.5 flex h-6 w-6 items-center justify-center rounded-full text-xs font-semibold ring-1 ring-inset ${
                    st === "UNTESTED" ? "bg-white text-slate-600 ring-slate-300" : STATUS_TONES[st].solid
                  }`}
                >
                  {i + 1}
                </span>
                <div className="min-w-0 text-sm break-words">
                  <Markdown source={s.action} className="text-slate-900" />
                  {s.expected && (
                    <div className="mt-1.5 flex gap-2 text-slate-700">
                      <span className="shrink-0 text-xs font-semibold tracking-wide text-emerald-800 uppercase">Expected</span>
                      <Markdown source={s.expected} />
                    </div>
                  )}
                </div>
                <div className="col-start-2 flex gap-1 sm:col-start-3" role="group" aria-label={`Step ${i + 1} status`}>
                  {STEP_BUTTONS.map((b) => {
                    const on = st === b.status;
                    return (
                      <button
                        key={b.status}
                        type="button"
                        disabled={!writable}
                        onClick={() => setStep(i, b.status)}
                        aria-pressed={on}
                        aria-label={`Step ${i + 1}: ${b.label}`}
                        title={b.label}
                        className={`h-7 w-7 rounded-md text-sm ring-1 ring-inset transition disabled:opacity-40 ${
                          on ? STATUS_TONES[b.status].solid : "bg-white text-slate-600 ring-slate-200 hover:text-slate-800 hover:ring-slate-300"
                        }`}
                      >
                        {b.glyph}
                      </button>
                    );
                  })}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
