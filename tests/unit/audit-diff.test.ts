import { describe, expect, it } from "vitest";
import { changedFields } from "@/lib/audit/diff";

describe("changedFields", () => {
  const row = {
    id: "m1",
    name: "v2.4",
    description: "",
    status: "ACTIVE",
    dueDate: new Date("2030-01-01T23:59:59.999Z"),
    parentId: null,
    tags: ["smoke", "ui"],
    settings: { threshold: 95, window: 3 },
  };

  it("keeps only the written fields whose values change, before and after", () => {
    expect(changedFields(row, { name: "v2.5", description: "", status: "ACTIVE" })).toEqual({
      before: { name: "v2.4" },
      after: { name: "v2.5" },
    });
  });

  it("returns empty sides when nothing changes", () => {
    expect(changedFields(row, { name: "v2.4", parentId: null })).toEqual({ before: {}, after: {} });
    expect(changedFields(row, {})).toEqual({ before: {}, after: {} });
  });

  it("ignores fields written as undefined (not being written)", () => {
    expect(changedFields(row, { name: undefined, status: "COMPLETED" })).toEqual({
      before: { status: "ACTIVE" },
      after: { status: "COMPLETED" },
    });
  });

  it("compares dates by instant, also against an ISO string", () => {
    expect(changedFields(row, { dueDate: new Date("2030-01-01T23:59:59.999Z") })).toEqual({ before: {}, after: {} });
    expect(changedFields(row, { dueDate: "2030-01-02T00:59:59.999+01:00" })).toEqual({ before: {}, after: {} });
    const later = new Date("2030-02-01T00:00:00.000Z");
    expect(changedFields(row, { dueDate: later })).toEqual({ before: { dueDate: row.dueDate }, after: { dueDate: later } });
    expect(changedFields(row, { dueDate: null })).toEqual({ before: { dueDate: row.dueDate }, after: { dueDate: null } });
    expect(changedFields({ dueDate: null }, { dueDate: later })).toEqual({ before: { dueDate: null }, after: { dueDate: later } });
  });

  it("compares arrays and objects by JSON, ignoring key order", () => {
    expect(changedFields(row, { tags: ["smoke", "ui"], settings: { window: 3, threshold: 95 } })).toEqual({ before: {}, after: {} });
    expect(changedFields(row, { tags: ["ui", "smoke"] })).toEqual({ before: { tags: ["smoke", "ui"] }, after: { tags: ["ui", "smoke"] } });
    expect(changedFields(row, { settings: { threshold: 90, window: 3 } })).toEqual({
      before: { settings: { threshold: 95, window: 3 } },
      after: { settings: { threshold: 90, window: 3 } },
    });
  });

  it("treats a missing field as null and tells null from empty or zero", () => {
    expect(changedFields({ parentId: null }, { parentId: "m0" })).toEqual({ before: { parentId: null }, after: { parentId: "m0" } });
    expect(changedFields({}, { parentId: null })).toEqual({ before: {}, after: {} });
    expect(changedFields({ description: null }, { description: "" })).toEqual({ before: { description: null }, after: { description: "" } });
    expect(changedFields({ count: 0 }, { count: null })).toEqual({ before: { count: 0 }, after: { count: null } });
    expect(changedFields({ tags: [] }, { tags: null })).toEqual({ before: { tags: [] }, after: { tags: null } });
  });
});
