import { titleCase } from "@/components/ui/format";

const KINDS: Record<string, string> = {
  project: "Project",
  environment: "Environment",
  milestone: "Milestone",
  run: "Test run",
  test_run: "Test run",
  test_case: "Test case",
  case: "Test case",
  run_entry: "Run entry",
  result: "Result",
  waiver: "Waiver",
  quarantine: "Quarantine",
  failure_rule: "Failure rule",
  exploratory_note: "Session note",
  note: "Session note",
  defect_link: "Defect link",
  api_key: "API key",
  member: "Member",
  user: "User",
  requirement: "Requirement",
};

const VERBS: Record<string, string> = {
  create: "created",
  update: "updated",
  delete: "deleted",
  revoke: "revoked",
  lift: "lifted",
  add: "added",
  remove: "removed",
  import: "imported",
  requirements: "scope set",
};

/** `milestone` → "Milestone", `api_key` → "API key"; unknown kinds are title-cased. */
export function kindLabel(kind: string): string {
  return KINDS[kind] ?? titleCase(kind);
}

/** `milestone.update` → "Milestone updated". */
export function actionLabel(action: string): string {
  const [kind, ...rest] = action.split(".");
  const verb = rest.join(".");
  return `${kindLabel(kind)} ${VERBS[verb] ?? verb.replaceAll("_", " ")}`.trim();
}

/** Colour by what happened: creations green, removals red, everything else blue. */
export function actionTone(action: string): string {
  const verb = action.split(".").pop() ?? "";
  if (["create", "add"].includes(verb)) return "bg-emerald-50 text-emerald-700 ring-emerald-200";
  if (["delete", "revoke", "remove", "lift"].includes(verb)) return "bg-rose-50 text-rose-700 ring-rose-200";
  return "bg-blue-50 text-blue-700 ring-blue-200";
}
