import { describe, expect, it } from "vitest";
import { topologicalOrder } from "@/lib/data-transfer/catalog";

describe("topologicalOrder", () => {
  it("puts parents before children, alphabetically among equals, ignoring self-references", () => {
    const edges = [
      { child: "results", parent: "runs" },
      { child: "runs", parent: "projects" },
      { child: "runs", parent: "runs" },
      { child: "projects", parent: "users" },
      { child: "audit", parent: "users" },
    ];
    expect(topologicalOrder(["results", "runs", "projects", "users", "audit"], edges)).toEqual(["users", "audit", "projects", "runs", "results"]);
  });

  it("still lists every table when foreign keys form a cycle", () => {
    const edges = [
      { child: "a", parent: "b" },
      { child: "b", parent: "a" },
      { child: "c", parent: "a" },
    ];
    expect(topologicalOrder(["c", "b", "a"], edges)).toEqual(["a", "b", "c"]);
  });
});
