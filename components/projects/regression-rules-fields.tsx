import { Field, inputClass } from "@/components/ui/field";
import type { ProjectSettings } from "@/lib/projects/schemas";

/** The regression and build rules of the go/no-go form: what blocks, and whether results must be on the latest build. */
export function RegressionRulesFields({ settings }: { settings: ProjectSettings }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field label="Block on" htmlFor="rule-block-on" hint="Only new failures: a failure blocks when the case passed in the baseline milestone. Without a baseline every failure of a blocking priority blocks.">
        <select id="rule-block-on" name="blockOn" defaultValue={settings.blockOn} className={inputClass}>
          <option value="ALL_FAILURES">Every failure of a blocking priority</option>
          <option value="NEW_FAILURES">Only new failures since the baseline</option>
        </select>
      </Field>
      <div className="self-center">
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            name="requireLatestBuild"
            defaultChecked={settings.requireLatestBuild}
            aria-describedby="rule-latest-build-hint"
            className="h-4 w-4 rounded border-slate-300"
          />
          Require the latest build
        </label>
        <p id="rule-latest-build-hint" className="mt-1 pl-6 text-xs text-slate-600">
          A critical or high case whose latest result came from an earlier build blocks a GO.
        </p>
      </div>
    </div>
  );
}

/** The two fields as settings, from the submitted form. */
export function regressionRulesFrom(form: FormData): Pick<ProjectSettings, "blockOn" | "requireLatestBuild"> {
  return { blockOn: form.get("blockOn") === "NEW_FAILURES" ? "NEW_FAILURES" : "ALL_FAILURES", requireLatestBuild: form.get("requireLatestBuild") === "on" };
}
