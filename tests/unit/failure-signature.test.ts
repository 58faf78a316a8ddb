import { describe, expect, it } from "vitest";
import { RE2JS } from "re2js";
import { errorSignature, firstLine, normalizeText, suggestPattern, topFrame } from "@/lib/failure-clusters/signature";
import { compileRules, firstMatch, patternError } from "@/lib/failure-rules/patterns";

describe("error signatures", () => {
  it("strip numbers, ids, hex, durations, timestamps and quoted values", () => {
    expect(normalizeText("Timeout 5000ms exceeded waiting for locator('#pay-42') after 1.5 s")).toBe('Timeout <duration> exceeded waiting for locator("…") after <duration>');
    expect(normalizeText("order 3f2504e0-4f89-11d3-9a0c-0305e82c3301 at 2030-06-01T10:00:00.000Z, sha a1b2c3d4e5, ptr 0xDEADBEEF")).toBe(
      "order <id> at <time>, sha <hex>, ptr <hex>",
    );
    expect(normalizeText('expected `3` to be "4" (user42 in 12:30:01)')).toBe('expected "…" to be "…" (<n> in <time>)');
    // Words made of hex letters only are words, not ids.
    expect(normalizeText("Error: deadbeef facade")).toBe("Error: deadbeef facade");
  });

  it("take the first non-empty line without colours and the top 'at' frame", () => {
    expect(firstLine("\n\n  \u001b[31mError: boom\u001b[39m\nmore")).toBe("Error: boom");
    expect(topFrame("Error: boom\n    at fn (/a/b.ts:1:2)\n    at other")).toBe("at fn (/a/b.ts:1:2)");
    expect(errorSignature(null)).toEqual({ signature: "(no error message)", title: "(no error message)" });
    expect(errorSignature({ message: "Error: 500 from /api/orders/9" })).toEqual({ signature: "Error: <n> from /api/orders/<n>", title: "Error: <n> from /api/orders/<n>" });
  });

  it("suggest an RE2 pattern of at most 500 characters that matches the messages of the cluster", () => {
    const a = "TimeoutError: locator.click: Timeout 5000ms exceeded.\nCall log:";
    const b = "TimeoutError: locator.click: Timeout 30000ms exceeded.";
    const p = suggestPattern(a);
    expect(patternError(p)).toBeNull();
    for (const m of [a, b]) expect(RE2JS.compile(p).matcher(m).find()).toBe(true);
    expect(RE2JS.compile(p).matcher("TypeError: x is undefined").find()).toBe(false);
    expect(suggestPattern("x".repeat(2000) + " (a.b)").length).toBeLessThanOrEqual(500);
    expect(suggestPattern("")).toBe("");
  });
});

describe("rule patterns", () => {
  it("refuse what RE2 cannot run in linear time, and match the first rule in order", () => {
    expect(patternError("(a)\\1")).toMatch(/^Not a valid pattern \(RE2 syntax; backreferences and lookaround are not supported\): /);
    expect(patternError("(?<=a)b")).not.toBeNull();
    expect(patternError("(a+)+$")).toBeNull();
    const rules = compileRules([
      { id: "old", pattern: "Timeout", field: "message" },
      { id: "stack", pattern: "checkout\\.spec", field: "stack" },
      { id: "broken", pattern: "(", field: "message" },
    ]);
    expect(rules.map((r) => r.id)).toEqual(["old", "stack"]);
    expect(firstMatch(rules, { message: "Timeout 5s", stack: "at checkout.spec.ts" })).toBe("old");
    expect(firstMatch(rules, { message: "boom", stack: "at checkout.spec.ts" })).toBe("stack");
    expect(firstMatch(rules, { message: "boom" })).toBeNull();
    expect(firstMatch(rules, null)).toBeNull();
  });
});
