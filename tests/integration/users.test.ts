import { and, eq, inArray, isNull, notInArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiKeys, auditLog, users } from "@/db/schema";
import { hashApiKey } from "@/lib/auth/api-key-format";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { ConflictError } from "@/lib/errors";
import { updateUser } from "@/lib/users/update-user";
import { call, client, sessionCookie, type ApiResponse } from "../helpers/api";
import { createKeyFor, createProjectWithOwner, createUser, uniqueKey } from "../helpers/factories";

const fields = (res: ApiResponse) => (res.body.error.details as { field: string }[]).map((d) => d.field).sort();
const newEmail = (prefix = "u") => `${prefix}-${uniqueKey("").toLowerCase()}@example.test`;
const keyId = async (key: string) =>
  (await getDb().select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.keyHash, hashApiKey(key))))[0].id;
const auditRows = (entityId: string) => getDb().select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(auditLog.createdAt);

async function admin() {
  return createUser({ isAdmin: true, name: "Instance admin" });
}

/**
 * Runs `fn` while `keep` are the only active instance admins: the others in this file's
 * database are demoted for the duration and restored afterwards.
 */
async function withOnlyAdmins(keep: string[], fn: () => Promise<void>) {
  const db = getDb();
  const demoted = await db
    .update(users)
    .set({ isAdmin: false })
    .where(and(eq(users.isAdmin, true), isNull(users.disabledAt), notInArray(users.id, keep)))
    .returning({ id: users.id });
  try {
    await fn();
  } finally {
    if (demoted.length) await db.update(users).set({ isAdmin: true }).where(inArray(users.id, demoted.map((d) => d.id)));
  }
}

describe("users API", () => {
  it("creates a user with a password, who can then sign in", async () => {
    const { api } = await admin();
    const email = newEmail("Alice");
    const res = await api.post("/api/users", { email: `  ${email} `, name: " Alice ", password: "correct horse" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email, name: "Alice", isAdmin: false, disabled: false, disabledAt: null, temporaryPassword: null });
    expect(Object.keys(res.body).sort()).toEqual(["createdAt", "disabled", "disabledAt", "email", "id", "isAdmin", "name", "temporaryPassword"]);
    expect(Date.parse(res.body.createdAt)).not.toBeNaN();

    const signedIn = await verifyCredentials(getDb(), email.toLowerCase(), "correct horse");
    expect(signedIn?.id).toBe(res.body.id);
    expect(await verifyCredentials(getDb(), email, "wrong horse")).toBeNull();
    // The hash is stored, never the password.
    const [row] = await getDb().select().from(users).where(eq(users.id, res.body.id));
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain("correct horse");
  });

  it("invites a user without a password: a temporary password is returned once and works", async () => {
    const { api } = await admin();
    const email = newEmail("bob");
    const res = await api.post("/api/users", { email, name: "Bob" });
    expect(res.status).toBe(201);
    const temporary = res.body.temporaryPassword as string;
    expect(temporary).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect((await verifyCredentials(getDb(), email, temporary))?.id).toBe(res.body.id);

    // Lists never carry it again.
    const list = await api.get(`/api/users?q=${encodeURIComponent(email)}`);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).not.toHaveProperty("temporaryPassword");
    expect(JSON.stringify(list.body)).not.toContain(temporary);

    // A second invite gets a different password.
    const other = await api.post("/api/users", { email: newEmail("bob2"), name: "Bob 2" });
    expect(other.body.temporaryPassword).not.toBe(temporary);

    const promoted = await api.post("/api/users", { email: newEmail("root"), name: "Root", isAdmin: true });
    expect(promoted.body.isAdmin).toBe(true);
    expect((await client(await createKeyFor(promoted.body.id)).get("/api/users")).status).toBe(200);
  });

  it("refuses a duplicate email, ignoring case", async () => {
    const { api } = await admin();
    const email = newEmail("carol");
    expect((await api.post("/api/users", { email, name: "Carol" })).status).toBe(201);
    for (const dup of [email, email.toUpperCase(), ` ${email}`]) {
      const res = await api.post("/api/users", { email: dup, name: "Carol again" });
      expect(res.status, dup).toBe(409);
      expect(res.body.error.code).toBe("CONFLICT");
      expect(fields(res)).toEqual(["email"]);
    }
    const list = await api.get(`/api/users?q=${encodeURIComponent(email)}`);
    expect(list.body.data).toHaveLength(1);
  });

  it("lists users by email, filters by email or name, and pages", async () => {
    const { api } = await admin();
    const tag = uniqueKey("").toLowerCase();
    const made = [];
    for (const [local, name] of [["zed", "Zed Tester"], ["amy", "Amy Viewer"], ["max", `Max ${tag}`]] as const) {
      made.push((await api.post("/api/users", { email: `${local}-${tag}@example.test`, name })).body);
    }
    const byEmail = await api.get(`/api/users?q=${tag}`);
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.data.map((u: { email: string }) => u.email)).toEqual([`amy-${tag}`, `max-${tag}`, `zed-${tag}`].map((l) => `${l}@example.test`));
    expect(byEmail.body.nextCursor).toBeNull();

    const byName = await api.get(`/api/users?q=${encodeURIComponent(`MAX ${tag}`)}`);
    expect(byName.body.data.map((u: { id: string }) => u.id)).toEqual([made[2].id]);
    // LIKE wildcards are matched literally.
    expect((await api.get(`/api/users?q=${encodeURIComponent("%")}`)).body.data).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiResponse = await api.get(`/api/users?q=${tag}&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.body.data).toHaveLength(1);
      seen.push(page.body.data[0].email);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(byEmail.body.data.map((u: { email: string }) => u.email));

    for (const qs of ["limit=0", "limit=201", "cursor=garbage", `q=${"x".repeat(201)}`]) {
      expect((await api.get(`/api/users?${qs}`)).status, qs).toBe(400);
    }
  });

  it("validates input with a 400 that names each invalid field", async () => {
    const { api } = await admin();
    const cases: [unknown, string[]][] = [
      [{}, ["email", "name"]],
      [{ email: "not-an-email", name: "X" }, ["email"]],
      [{ email: newEmail(), name: "   " }, ["name"]],
      [{ email: newEmail(), name: "X", password: "short12" }, ["password"]],
      [{ email: newEmail(), name: "X", isAdmin: "yes" }, ["isAdmin"]],
      [{ email: newEmail(), name: "X", role: "ADMIN" }, ["role"]],
    ];
    for (const [body, expected] of cases) {
      const res = await api.post("/api/users", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
      expect(fields(res), JSON.stringify(body)).toEqual(expected);
    }
    expect((await api.post("/api/users", { email: newEmail(), name: "X", password: "exactly8" })).status).toBe(201);

    const target = (await createUser()).user;
    const patchCases: [unknown, string[]][] = [
      [{ password: "1234567" }, ["password"]],
      [{ password: "long enough", generatePassword: true }, ["generatePassword"]],
      [{ generatePassword: false }, ["generatePassword"]],
      [{ disabled: "true" }, ["disabled"]],
      [{ name: "" }, ["name"]],
      [{ email: "new@example.test" }, ["email"]],
    ];
    for (const [body, expected] of patchCases) {
      const res = await api.patch(`/api/users/${target.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fields(res), JSON.stringify(body)).toEqual(expected);
    }
  });

  it("answers 404 for an unknown user id", async () => {
    const { api } = await admin();
    const res = await api.patch("/api/users/no-such-user", { name: "Ghost" });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe("User not found.");
  });

  it("is for instance admins only; their read-only key may list but not write, a project-limited key not at all", async () => {
    const { owner, project } = await createProjectWithOwner();
    const target = (await createUser()).user;
    for (const res of [
      await owner.api.get("/api/users"),
      await owner.api.post("/api/users", { email: newEmail(), name: "Nope" }),
      await owner.api.patch(`/api/users/${target.id}`, { name: "Nope" }),
      await owner.api.patch(`/api/users/${owner.user.id}`, { isAdmin: true }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
    }

    const boss = await admin();
    const readOnly = client(await createKeyFor(boss.user.id, { readOnly: true }));
    expect((await readOnly.get("/api/users")).status).toBe(200);
    expect((await readOnly.post("/api/users", { email: newEmail(), name: "Nope" })).status).toBe(403);
    expect((await readOnly.patch(`/api/users/${target.id}`, { disabled: true })).status).toBe(403);

    const narrowed = client(await createKeyFor(boss.user.id, { projectId: project.id }));
    expect((await narrowed.get("/api/users")).status).toBe(403);
    expect((await narrowed.patch(`/api/users/${target.id}`, { disabled: true })).status).toBe(403);

    const [row] = await getDb().select().from(users).where(eq(users.id, target.id));
    expect(row).toMatchObject({ name: "Test User", disabledAt: null, isAdmin: false });
  });

  it("disabling a user refuses their API key and session cookie on the very next request; enabling restores both", async () => {
    const boss = await admin();
    const { owner: target, project } = await createProjectWithOwner();
    expect((await boss.api.patch(`/api/users/${target.user.id}`, { password: "their password" })).status).toBe(200);
    const cookie = await sessionCookie(target.user.id);
    const asCookie = () => call("GET", `/api/projects/${project.id}`, { cookie });
    expect((await target.api.get(`/api/projects/${project.id}`)).status).toBe(200);
    expect((await asCookie()).status).toBe(200);

    const disabled = await boss.api.patch(`/api/users/${target.user.id}`, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ id: target.user.id, disabled: true, temporaryPassword: null });
    expect(Date.parse(disabled.body.disabledAt)).toBeGreaterThan(Date.now() - 60_000);

    for (const res of [await target.api.get(`/api/projects/${project.id}`), await asCookie(), await target.api.post("/api/api-keys", { name: "escape" })]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("UNAUTHENTICATED");
    }
    expect(await verifyCredentials(getDb(), target.user.email, "their password")).toBeNull();

    // Disabling twice keeps the original time.
    const again = await boss.api.patch(`/api/users/${target.user.id}`, { disabled: true });
    expect(again.body.disabledAt).toBe(disabled.body.disabledAt);

    const enabled = await boss.api.patch(`/api/users/${target.user.id}`, { disabled: false });
    expect(enabled.body).toMatchObject({ disabled: false, disabledAt: null });
    expect((await target.api.get(`/api/projects/${project.id}`)).status).toBe(200);
    expect((await asCookie()).status).toBe(200);
    expect((await verifyCredentials(getDb(), target.user.email, "their password"))?.id).toBe(target.user.id);
  });

  it("resets a password to a typed one or a generated one, renames and promotes", async () => {
    const boss = await admin();
    const target = (await boss.api.post("/api/users", { email: newEmail("dan"), name: "Dan", password: "first password" })).body;

    const typed = await boss.api.patch(`/api/users/${target.id}`, { password: "second password" });
    expect(typed.status).toBe(200);
    expect(typed.body.temporaryPassword).toBeNull();
    expect(await verifyCredentials(getDb(), target.email, "first password")).toBeNull();
    expect((await verifyCredentials(getDb(), target.email, "second password"))?.id).toBe(target.id);

    const generated = await boss.api.patch(`/api/users/${target.id}`, { generatePassword: true });
    expect(generated.status).toBe(200);
    expect(generated.body.temporaryPassword).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(await verifyCredentials(getDb(), target.email, "second password")).toBeNull();
    expect((await verifyCredentials(getDb(), target.email, generated.body.temporaryPassword))?.id).toBe(target.id);

    const renamed = await boss.api.patch(`/api/users/${target.id}`, { name: "Daniel", isAdmin: true });
    expect(renamed.body).toMatchObject({ name: "Daniel", isAdmin: true, temporaryPassword: null });
    expect((await client(await createKeyFor(target.id)).get("/api/users")).status).toBe(200);
    const demoted = await boss.api.patch(`/api/users/${target.id}`, { isAdmin: false });
    expect(demoted.body.isAdmin).toBe(false);
  });

  it("refuses to let an admin disable or demote themselves (409), but they may rename themselves", async () => {
    const boss = await admin();
    const self = `/api/users/${boss.user.id}`;
    const disable = await boss.api.patch(self, { disabled: true });
    expect(disable.status).toBe(409);
    expect(fields(disable)).toEqual(["disabled"]);
    const demote = await boss.api.patch(self, { isAdmin: false });
    expect(demote.status).toBe(409);
    expect(fields(demote)).toEqual(["isAdmin"]);
    expect((await boss.api.patch(self, { name: "Still the boss" })).body).toMatchObject({ name: "Still the boss", isAdmin: true, disabled: false });
    expect((await boss.api.get("/api/users")).status).toBe(200);
  });

  it("keeps the last active instance admin, even against an admin whose rights were taken away mid-request", async () => {
    const a = await admin();
    const b = await admin();
    await withOnlyAdmins([a.user.id, b.user.id], async () => {
      // B's request was authorised while B was still an admin; A demotes B before it runs.
      const staleB = { db: getDb(), requestId: "stale", actor: { userId: b.user.id, email: b.user.email, name: b.user.name, isAdmin: true, apiKey: null } };
      expect((await a.api.patch(`/api/users/${b.user.id}`, { isAdmin: false })).status).toBe(200);
      await expect(updateUser({ ctx: staleB, userId: a.user.id, input: { isAdmin: false } })).rejects.toBeInstanceOf(ConflictError);
      await expect(updateUser({ ctx: staleB, userId: a.user.id, input: { disabled: true } })).rejects.toThrow(/last active instance admin/);
      const [row] = await getDb().select().from(users).where(eq(users.id, a.user.id));
      expect(row).toMatchObject({ isAdmin: true, disabledAt: null });
      // A disabled admin does not count.
      expect((await a.api.patch(`/api/users/${b.user.id}`, { isAdmin: true, disabled: true })).status).toBe(200);
      await expect(updateUser({ ctx: staleB, userId: a.user.id, input: { disabled: true } })).rejects.toBeInstanceOf(ConflictError);
      expect((await a.api.patch(`/api/users/${b.user.id}`, { disabled: false })).status).toBe(200);

      // Two admins demoting or disabling each other at once: exactly one of them stays an active admin.
      // Several rounds: on Postgres, without the row locks most rounds would end with none.
      for (let round = 0; round < 5; round++) {
        const [ab, ba] = await Promise.all([
          a.api.patch(`/api/users/${b.user.id}`, { isAdmin: false }),
          b.api.patch(`/api/users/${a.user.id}`, round % 2 ? { disabled: true } : { isAdmin: false }),
        ]);
        expect([ab.status, ba.status].filter((s) => s === 200), `round ${round}`).toHaveLength(1);
        expect([403, 409]).toContain(ab.status === 200 ? ba.status : ab.status);
        const admins = await getDb()
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.isAdmin, true), isNull(users.disabledAt), inArray(users.id, [a.user.id, b.user.id])));
        expect(admins, `round ${round}`).toHaveLength(1);
        await getDb().update(users).set({ isAdmin: true, disabledAt: null }).where(inArray(users.id, [a.user.id, b.user.id]));
      }
    });
  });

  it("records who created and changed users, through which key, without any password", async () => {
    const boss = await admin();
    const bossKeyId = await keyId(boss.key);
    const created = await boss.api.post("/api/users", { email: newEmail("eve"), name: "Eve" });
    await boss.api.patch(`/api/users/${created.body.id}`, { name: "Eve Smith", disabled: true });
    await boss.api.patch(`/api/users/${created.body.id}`, { generatePassword: true });
    // A change to nothing writes nothing.
    await boss.api.patch(`/api/users/${created.body.id}`, { name: "Eve Smith" });

    const rows = await auditRows(created.body.id);
    expect(rows.map((r) => r.action)).toEqual(["user.create", "user.update", "user.update"]);
    for (const r of rows) expect(r).toMatchObject({ actorUserId: boss.user.id, actorApiKeyId: bossKeyId, projectId: null, entityType: "user" });
    expect(rows[0].after).toEqual({ email: created.body.email, name: "Eve", isAdmin: false, invited: true });
    expect(rows[1].before).toEqual({ name: "Eve", disabled: false });
    expect(rows[1].after).toEqual({ name: "Eve Smith", disabled: true });
    expect(rows[2].after).toEqual({ password: "generated" });
    const text = JSON.stringify(rows);
    expect(text).not.toContain(created.body.temporaryPassword);
    expect(text).not.toContain("scrypt");

    // Through the session cookie, the row names the user and no key.
    const viaCookie = await call("PATCH", `/api/users/${created.body.id}`, {
      cookie: await sessionCookie(boss.user.id),
      headers: { origin: "http://localhost:3000" },
      body: { disabled: false },
    });
    expect(viaCookie.status).toBe(200);
    const last = (await auditRows(created.body.id)).at(-1)!;
    expect(last).toMatchObject({ actorUserId: boss.user.id, actorApiKeyId: null, before: { disabled: true }, after: { disabled: false } });
  });
});
