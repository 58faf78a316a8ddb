import { RE2JS } from "re2js";
import { MATCHED_TEXT_CHARS, type FailureRuleField } from "./schemas";

/**
 * Known-failure patterns run on RE2 (re2js): matching time is linear in the text whatever the
 * pattern, so a pattern like `(a+)+$` cannot stall ingestion. Database-free.
 */
export type CompiledRule = { id: string; field: FailureRuleField; matcher: RE2JS };

/** The compile error of a pattern in plain words, or null when RE2 accepts it. */
export function patternError(pattern: string): string | null {
  try {
    RE2JS.compile(pattern);
    return null;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return `Not a valid pattern (RE2 syntax; backreferences and lookaround are not supported): ${message}`;
  }
}

/** Compiles rules once (per batch); a rule whose stored pattern no longer compiles is skipped. */
export function compileRules(rules: { id: string; pattern: string; field: FailureRuleField }[]): CompiledRule[] {
  return rules.flatMap((r) => {
    try {
      return [{ id: r.id, field: r.field, matcher: RE2JS.compile(r.pattern) }];
    } catch {
      return [];
    }
  });
}

/** The first rule (in the given order) whose pattern is found in its field of `error`. */
export function firstMatch(rules: CompiledRule[], error: { message?: string | null; stack?: string | null } | null | undefined): string | null {
  if (!error) return null;
  for (const rule of rules) {
    const text = error[rule.field];
    if (typeof text !== "string" || !text) continue;
    if (rule.matcher.matcher(text.slice(0, MATCHED_TEXT_CHARS)).find()) return rule.id;
  }
  return null;
}
