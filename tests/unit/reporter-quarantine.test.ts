import { describe, expect, it } from "vitest";
import { Delivery } from "@/lib/reporter/delivery.mjs";
import { resolveOptions } from "@/lib/reporter/index.mjs";
import { QuarantineMarks } from "@/lib/reporter/quarantine.mjs";

describe("reporter quarantine", () => {
  it("option: report by default, from QA_STUDIO_QUARANTINE, refused otherwise", () => {
    expect(resolveOptions({}, {}).quarantine).toBe("report");
    expect(resolveOptions({}, { QA_STUDIO_QUARANTINE: "IGNORE" }).quarantine).toBe("ignore");
    expect(resolveOptions({ quarantine: "report" }, { QA_STUDIO_QUARANTINE: "ignore" }).quarantine).toBe("report");
    expect(() => resolveOptions({ quarantine: "skip" as "report" }, {})).toThrow(/quarantine must be "report" or "ignore"/);
  });

  it("marks results of quarantined tests by testKey or case key, after the list arrives", async () => {
    let answer!: (v: unknown) => void;
    const list = new Promise<{ data: { caseKey: string; automationKey: string | null }[] }>((r) => (answer = r as (v: unknown) => void));
    const marks = new QuarantineMarks(list);
    const results: Record<string, unknown>[] = [
      { testKey: "cart.spec.ts › Cart › applies a voucher", attempt: 0 },
      { testKey: "cart.spec.ts › Cart › applies a voucher", attempt: 1 },
      { testKey: "cart.spec.ts › Cart › adds an item", attempt: 0 },
      { testKey: "manual.spec.ts › keyed", caseKey: "ecom-7", attempt: 0 },
    ];
    const marking = marks.mark(results);
    expect(results.some((r) => r.quarantined)).toBe(false);
    answer({ data: [{ caseKey: "ECOM-3", automationKey: "cart.spec.ts › Cart › applies a voucher" }, { caseKey: "ECOM-7", automationKey: null }] });
    await marking;
    expect(results.map((r) => Boolean(r.quarantined))).toEqual([true, true, false, true]);
    expect(marks.count).toBe(3);
    expect([...marks.marked]).toEqual(["cart.spec.ts › Cart › applies a voucher", "manual.spec.ts › keyed"]);
    // Marking again counts nothing twice.
    await marks.mark(results);
    expect(marks.count).toBe(3);
  });

  it("sends unmarked when the list cannot be read (a warning), and with ignore", async () => {
    const warnings: string[] = [];
    const failing = new QuarantineMarks(Promise.reject(new Error("GET /quarantine: 503")), (m) => warnings.push(m));
    const results: Record<string, unknown>[] = [{ testKey: "a" }];
    await failing.mark(results);
    expect(results[0].quarantined).toBeUndefined();
    expect(warnings).toEqual(["Could not read the project's quarantine (results are sent unmarked): GET /quarantine: 503"]);
    const ignoring = new QuarantineMarks(null);
    await ignoring.mark(results);
    expect(results[0].quarantined).toBeUndefined();
  });

  it("the delivery lets beforeSend change each batch before it is posted", async () => {
    const posted: unknown[][] = [];
    const client = {
      createRun: async () => ({ id: "run-1", status: "IN_PROGRESS" }),
      postResults: async (_p: string, _r: string, results: unknown[]) => {
        posted.push(results.map((r) => ({ ...(r as object) })));
        return { received: results.length, created: results.length, duplicates: 0, casesCreated: 0, errors: [], results: [], run: { id: "run-1", status: "IN_PROGRESS" } };
      },
      completeRun: async () => ({ id: "run-1", status: "COMPLETED", counts: {} }),
    };
    const marks = new QuarantineMarks(Promise.resolve({ data: [{ caseKey: "X-1", automationKey: "q" }] }));
    const d = new Delivery({ client: client as never, project: "X", run: { name: "r" }, intervalMs: null, beforeSend: (r) => marks.mark(r) });
    d.add({ testKey: "q", status: "failed" });
    d.add({ testKey: "other", status: "passed" });
    await d.finish({ complete: {}, timeoutMs: 5000 });
    expect(posted).toEqual([[{ testKey: "q", status: "failed", quarantined: true }, { testKey: "other", status: "passed" }]]);
  });
});
