import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, toPage } from "@/lib/api/pagination";
import { API_KEY_PATTERN, apiKeyPrefix, generateApiKey, hashApiKey } from "@/lib/auth/api-key-format";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { hasRole } from "@/lib/auth/permissions";
import { AppError, ERROR_STATUS } from "@/lib/errors";
import { DueDate } from "@/lib/milestones/schemas";
import { passRate } from "@/lib/runs/metrics";
import { assertTransition } from "@/lib/runs/transitions";
import { escapeLike } from "@/lib/sql";

describe("API keys", () => {
  it("are qas_ plus 32 random bytes in base64url, hashed with SHA-256", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).toMatch(API_KEY_PATTERN);
    expect(a).toHaveLength(4 + 43);
    expect(a).not.toBe(b);
    expect(hashApiKey(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(a)).toBe(hashApiKey(a));
    expect(apiKeyPrefix(a)).toBe(a.slice(0, 12));
  });
});

describe("passwords", () => {
  it("verify only the right password and salt every hash", async () => {
    const h1 = await hashPassword("s3cret password");
    const h2 = await hashPassword("s3cret password");
    expect(h1).not.toBe(h2);
    expect(await verifyPassword("s3cret password", h1)).toBe(true);
    expect(await verifyPassword("s3cret passwore", h1)).toBe(false);
    expect(await verifyPassword("anything", null)).toBe(false);
    expect(await verifyPassword("anything", "plain-text")).toBe(false);
  });
});

describe("run status transitions", () => {
  it("allow the forward path and refuse reopening a finished run", () => {
    expect(() => assertTransition("PLANNED", "IN_PROGRESS")).not.toThrow();
    expect(() => assertTransition("IN_PROGRESS", "COMPLETED")).not.toThrow();
    expect(() => assertTransition("COMPLETED", "COMPLETED")).not.toThrow();
    expect(() => assertTransition("ABORTED", "IN_PROGRESS")).toThrow(/final/);
    expect(() => assertTransition("COMPLETED", "PLANNED")).toThrow(AppError);
    expect(() => assertTransition("IN_PROGRESS", "PLANNED")).toThrow(/Allowed next: COMPLETED, ABORTED/);
  });
});

describe("pagination cursors", () => {
  it("round-trip and reject garbage", () => {
    const shape = ["instant", "text"] as const;
    expect(decodeCursor(encodeCursor(["2026-01-01T00:00:00.000001Z", "id"]), [...shape])).toEqual(["2026-01-01T00:00:00.000001Z", "id"]);
    expect(decodeCursor(undefined, [...shape])).toBeUndefined();
    expect(() => decodeCursor("not-a-cursor", [...shape])).toThrow(AppError);
    expect(() => decodeCursor(encodeCursor(["only-one"]), [...shape])).toThrow(AppError);
    expect(() => decodeCursor(encodeCursor([true, "x"]), ["text", "text"])).toThrow(AppError);
    expect(() => decodeCursor(encodeCursor(["5", "x"]), [...shape])).toThrow(AppError);
    expect(() => decodeCursor(encodeCursor(["0000-01-01T00:00:00.000000Z", "x"]), [...shape])).toThrow(AppError);
    expect(decodeCursor(encodeCursor(["infinity", "x"]), ["instant-or-infinity", "text"])).toEqual(["infinity", "x"]);
  });

  it("trim the look-ahead row and only offer a next cursor when there is more", () => {
    const rows = [1, 2, 3];
    expect(toPage(rows, 2, (r) => [r], (r) => r * 10)).toEqual({ data: [10, 20], nextCursor: encodeCursor([2]) });
    expect(toPage(rows, 3, (r) => [r], (r) => r)).toEqual({ data: [1, 2, 3], nextCursor: null });
  });
});

describe("domain helpers", () => {
  it("pass rate is PASSED / executed with one decimal, null when nothing ran", () => {
    expect(passRate({ passed: 0, failed: 0, blocked: 0 })).toBeNull();
    expect(passRate({ passed: 2, failed: 1, blocked: 0 })).toBe(66.7);
    expect(passRate({ passed: 47, failed: 2, blocked: 1 })).toBe(94);
  });

  it("roles rank ADMIN over TESTER over VIEWER", () => {
    expect(hasRole("ADMIN", "TESTER")).toBe(true);
    expect(hasRole("TESTER", "ADMIN")).toBe(false);
    expect(hasRole("VIEWER", "VIEWER")).toBe(true);
  });

  it("a plain due date means the end of that day in UTC", () => {
    expect(DueDate.parse("2026-06-06").toISOString()).toBe("2026-06-06T23:59:59.999Z");
    expect(DueDate.parse("2026-06-06T10:00:00+02:00").toISOString()).toBe("2026-06-06T08:00:00.000Z");
    expect(DueDate.safeParse("next friday").success).toBe(false);
  });

  it("LIKE wildcards are escaped", () => {
    expect(escapeLike("50%_off\\")).toBe("50\\%\\_off\\\\");
  });

  it("every error code maps to one HTTP status", () => {
    expect(ERROR_STATUS.NOT_FOUND).toBe(404);
    expect(ERROR_STATUS.UNSUPPORTED_MEDIA_TYPE).toBe(415);
    expect(new Set(Object.keys(ERROR_STATUS)).size).toBe(Object.keys(ERROR_STATUS).length);
  });
});
