import { describe, expect, it } from "vitest";
import { readTestRailCsv, readTestRailXml, separatedSteps } from "@/lib/cases/testrail-formats";
import { attemptCoverage, combineCoverage, coverageTotals } from "@/lib/requirements/coverage-status";

describe("coverage rules", () => {
  it("judges one attempt", () => {
    expect(attemptCoverage("PASSED", false)).toBe("OK");
    expect(attemptCoverage("FAILED", false)).toBe("NOK");
    expect(attemptCoverage("BLOCKED", true)).toBe("OK");
    for (const s of ["UNTESTED", "RETEST", "SKIPPED"]) expect(attemptCoverage(s, true)).toBe("NOT_RUN");
  });

  it("combines: UNCOVERED only when nothing has an entry, then NOK, then NOT_RUN, then OK", () => {
    expect(combineCoverage([])).toBe("UNCOVERED");
    expect(combineCoverage(["UNCOVERED", "UNCOVERED"])).toBe("UNCOVERED");
    expect(combineCoverage(["UNCOVERED", "OK"])).toBe("OK");
    expect(combineCoverage(["OK", "NOT_RUN", "NOK"])).toBe("NOK");
    expect(combineCoverage(["OK", "NOT_RUN"])).toBe("NOT_RUN");
    expect(coverageTotals(["OK", "NOK", "OK", "UNCOVERED"])).toEqual({ inScope: 4, ok: 2, nok: 1, notRun: 0, uncovered: 1 });
  });
});

describe("TestRail readers", () => {
  it("splits separated steps with multi-line expected results", () => {
    expect(separatedSteps("1. Open\nthe cart\nExpected Result: Two items\n2) Pay\nexpected: Paid\nand mailed")).toEqual([
      { action: "Open\nthe cart", expected: "Two items" },
      { action: "Pay", expected: "Paid\nand mailed" },
    ]);
    expect(separatedSteps("Just do it")).toEqual([{ action: "Just do it", expected: "" }]);
    expect(separatedSteps("")).toEqual([]);
  });

  it("reads sections from Section Hierarchy, else Section; ignores unknown columns", () => {
    const { drafts, errors } = readTestRailCsv("ID,Title,Section,Section Hierarchy,Custom Field\nC1,A,Leaf,Top > Mid > Leaf,x\nC2,B,Alone,,y\n");
    expect(errors).toEqual([]);
    expect(drafts.map((d) => [d.at, d.id, d.sections])).toEqual([
      ["row 2", "C1", ["Top", "Mid", "Leaf"]],
      ["row 3", "C2", ["Alone"]],
    ]);
  });

  it("names NUL characters by row and column, and XML cases by their order", () => {
    expect(readTestRailCsv("ID,Title\nC1,Bad\u0000title\n").errors).toEqual([{ field: "row 2: Title", message: expect.any(String) }]);
    const xml = "<suite><sections><section><name>S</name><cases><case><id>C1</id><title>One</title></case><case><id>C2</id><title>T\u0000wo</title></case></cases></section></sections></suite>";
    const read = readTestRailXml(xml);
    expect(read.drafts.map((d) => d.at)).toEqual(["case 1", "case 2"]);
    expect(read.errors).toEqual([{ field: "case 2: title", message: "Contains a NUL character or a lone UTF-16 surrogate" }]);
  });
});
