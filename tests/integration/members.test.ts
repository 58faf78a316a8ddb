import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiKeys, auditLog, projectMembers, users } from "@/db/schema";
import { hashApiKey } from "@/lib/auth/api-key-format";
import { withProject } from "@/lib/auth/project-access";
import { ConflictError } from "@/lib/errors";
import { removeMember } from "@/lib/members/remove-member";
import { updateMember } from "@/lib/members/update-member";
import { type ApiResponse } from "../helpers/api";
import { addMember, createProjectWithOwner, createUser } from "../helpers/factories";

const fields = (res: ApiResponse) => (res.body.error.details as { field: string }[]).map((d) => d.field).sort();
const keyId = async (key: string) =>
  (await getDb().select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.keyHash, hashApiKey(key))))[0].id;

async function member(projectId: string, role: "VIEWER" | "TESTER" | "ADMIN") {
  const u = await createUser();
  await addMember(projectId, u.user.id, role);
  return u;
}

async function roles(projectId: string): Promise<Record<string, string>> {
  const rows = await getDb().select().from(projectMembers).where(eq(projectMembers.projectId, projectId));
  return Object.fromEntries(rows.map((r) => [r.userId, r.role]));
}

/** A context for `user` in the project, resolved now; it keeps its role even if that changes later. */
async function staleCtx(user: { id: string; email: string; name: string }, projectId: string) {
  const actor = { userId: user.id, email: user.email, name: user.name, isAdmin: false, apiKey: null };
  return withProject({ db: getDb(), actor, requestId: "stale" }, projectId);
}

describe("members API", () => {
  it("adds by email or id, lists, changes a role and removes a member", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}/members`;
    const tess = await createUser({ name: "Tess" });
    const vic = await createUser({ name: "Vic" });

    const byEmail = await owner.api.post(base, { email: ` ${tess.user.email.toUpperCase()} `, role: "TESTER" });
    expect(byEmail.status).toBe(201);
    expect(byEmail.body).toMatchObject({ userId: tess.user.id, email: tess.user.email, name: "Tess", role: "TESTER", disabled: false });
    expect(Object.keys(byEmail.body).sort()).toEqual(["createdAt", "disabled", "email", "name", "role", "userId"]);
    expect(Date.parse(byEmail.body.createdAt)).not.toBeNaN();
    const byId = await owner.api.post(base, { userId: vic.user.id, role: "VIEWER" });
    expect(byId.status).toBe(201);
    expect(byId.body.role).toBe("VIEWER");

    // The new members see the project with their roles.
    expect((await tess.api.get(`/api/projects/${project.id}`)).body.role).toBe("TESTER");
    expect((await vic.api.get(`/api/projects/${project.key}`)).body.role).toBe("VIEWER");

    const list = await owner.api.get(`/api/projects/${project.key}/members`);
    expect(list.status).toBe(200);
    const expected = [owner.user, tess.user, vic.user].map((u) => u.email).sort((a, b) => a.localeCompare(b));
    expect(list.body.data.map((m: { email: string }) => m.email)).toEqual(expected);
    expect(list.body.data.find((m: { userId: string }) => m.userId === owner.user.id).role).toBe("ADMIN");
    expect(list.body.nextCursor).toBeNull();

    const changed = await owner.api.patch(`${base}/${tess.user.id}`, { role: "ADMIN" });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ userId: tess.user.id, role: "ADMIN" });
    expect((await tess.api.get(`/api/projects/${project.id}`)).body.role).toBe("ADMIN");

    const removed = await owner.api.delete(`${base}/${vic.user.id}`);
    expect(removed.status).toBe(204);
    expect(removed.body).toBeNull();
    expect((await vic.api.get(`/api/projects/${project.id}`)).status).toBe(404);
    expect((await owner.api.get(base)).body.data.map((m: { userId: string }) => m.userId).sort()).toEqual([owner.user.id, tess.user.id].sort());
    // Removing a member removes no user.
    expect(await getDb().select({ id: users.id }).from(users).where(eq(users.id, vic.user.id))).toHaveLength(1);
  });

  it("pages through members with limit=1", async () => {
    const { owner, project } = await createProjectWithOwner();
    for (let i = 0; i < 3; i++) await member(project.id, "VIEWER");
    const base = `/api/projects/${project.id}/members`;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiResponse = await owner.api.get(`${base}?limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      expect(page.body.data).toHaveLength(1);
      seen.push(page.body.data[0].userId);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual((await owner.api.get(base)).body.data.map((m: { userId: string }) => m.userId));
    expect(new Set(seen).size).toBe(4);
    for (const qs of ["limit=0", "cursor=garbage"]) expect((await owner.api.get(`${base}?${qs}`)).status, qs).toBe(400);
  });

  it("refuses unknown users with a 400 naming the field, and never creates one", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}/members`;
    const someone = await createUser();
    const ghost = "ghost-member@example.test";
    const cases: [unknown, string[]][] = [
      [{ email: ghost, role: "TESTER" }, ["email"]],
      [{ userId: "no-such-user", role: "TESTER" }, ["userId"]],
      [{ role: "TESTER" }, ["email"]],
      [{ email: someone.user.email, userId: someone.user.id, role: "TESTER" }, ["userId"]],
      [{ email: "not an email", role: "TESTER" }, ["email"]],
      [{ email: someone.user.email, role: "OWNER" }, ["role"]],
      [{ email: someone.user.email }, ["role"]],
      [{ email: someone.user.email, role: "TESTER", name: "x" }, ["name"]],
    ];
    for (const [body, expected] of cases) {
      const res = await owner.api.post(base, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
      expect(fields(res), JSON.stringify(body)).toEqual(expected);
    }
    expect(await getDb().select().from(users).where(eq(sql`lower(${users.email})`, ghost))).toEqual([]);
    expect(Object.keys(await roles(project.id))).toEqual([owner.user.id]);

    const target = await member(project.id, "TESTER");
    for (const body of [{ role: "owner" }, {}, { role: "VIEWER", extra: 1 }]) {
      expect((await owner.api.patch(`${base}/${target.user.id}`, body)).status, JSON.stringify(body)).toBe(400);
    }
  });

  it("refuses to add someone twice (409)", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}/members`;
    const tess = await createUser();
    expect((await owner.api.post(base, { email: tess.user.email, role: "TESTER" })).status).toBe(201);
    const byEmail = await owner.api.post(base, { email: tess.user.email.toUpperCase(), role: "ADMIN" });
    expect(byEmail.status).toBe(409);
    expect(byEmail.body.error.code).toBe("CONFLICT");
    expect(fields(byEmail)).toEqual(["email"]);
    const byId = await owner.api.post(base, { userId: owner.user.id, role: "VIEWER" });
    expect(byId.status).toBe(409);
    expect(fields(byId)).toEqual(["userId"]);
    // The existing roles are untouched.
    expect(await roles(project.id)).toEqual({ [owner.user.id]: "ADMIN", [tess.user.id]: "TESTER" });
  });

  it("answers 404 for a user who is not a member, and for a project the caller cannot see", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}/members`;
    const outsider = await createUser();
    for (const res of [
      await owner.api.patch(`${base}/${outsider.user.id}`, { role: "VIEWER" }),
      await owner.api.delete(`${base}/${outsider.user.id}`),
      await owner.api.delete(`${base}/no-such-user`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe("Member not found.");
    }

    // A member of another project: every members route answers like an unknown project.
    const other = await createProjectWithOwner();
    const otherBase = `/api/projects/${other.project.id}/members`;
    for (const res of [
      await owner.api.get(otherBase),
      await owner.api.post(otherBase, { email: outsider.user.email, role: "ADMIN" }),
      await owner.api.patch(`${otherBase}/${other.owner.user.id}`, { role: "VIEWER" }),
      await owner.api.delete(`${otherBase}/${other.owner.user.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe("Project not found.");
    }
    expect(await roles(other.project.id)).toEqual({ [other.owner.user.id]: "ADMIN" });
  });

  it("lets every member read the list but only ADMINs change it (403)", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}/members`;
    const viewer = await member(project.id, "VIEWER");
    const tester = await member(project.id, "TESTER");
    const candidate = await createUser();
    for (const who of [viewer, tester]) {
      const list = await who.api.get(base);
      expect(list.status).toBe(200);
      expect(list.body.data).toHaveLength(3);
      for (const res of [
        await who.api.post(base, { email: candidate.user.email, role: "VIEWER" }),
        await who.api.patch(`${base}/${owner.user.id}`, { role: "VIEWER" }),
        await who.api.patch(`${base}/${who.user.id}`, { role: "ADMIN" }),
        await who.api.delete(`${base}/${owner.user.id}`),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe("FORBIDDEN");
      }
    }
    expect(await roles(project.id)).toEqual({ [owner.user.id]: "ADMIN", [viewer.user.id]: "VIEWER", [tester.user.id]: "TESTER" });

    // An instance admin manages members of a project they do not belong to.
    const root = await createUser({ isAdmin: true });
    expect((await root.api.post(base, { email: candidate.user.email, role: "VIEWER" })).status).toBe(201);
  });

  it("keeps the last ADMIN: they cannot be demoted or removed (409) until another ADMIN exists", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}/members`;
    for (const role of ["TESTER", "VIEWER"]) {
      const res = await owner.api.patch(`${base}/${owner.user.id}`, { role });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("CONFLICT");
      expect(fields(res)).toEqual(["role"]);
      expect(res.body.error.message).toContain("last ADMIN");
    }
    const del = await owner.api.delete(`${base}/${owner.user.id}`);
    expect(del.status).toBe(409);
    expect(del.body.error.message).toContain("last ADMIN");
    // Keeping the same role is no change, and allowed.
    expect((await owner.api.patch(`${base}/${owner.user.id}`, { role: "ADMIN" })).status).toBe(200);

    const second = await member(project.id, "TESTER");
    expect((await owner.api.patch(`${base}/${second.user.id}`, { role: "ADMIN" })).status).toBe(200);
    // Now the first ADMIN may step down, and the second may remove them.
    expect((await owner.api.patch(`${base}/${owner.user.id}`, { role: "VIEWER" })).body.role).toBe("VIEWER");
    expect((await owner.api.delete(`${base}/${second.user.id}`)).status).toBe(403);
    expect((await second.api.delete(`${base}/${owner.user.id}`)).status).toBe(204);
    expect((await second.api.delete(`${base}/${second.user.id}`)).status).toBe(409);
    expect(await roles(project.id)).toEqual({ [second.user.id]: "ADMIN" });
  });

  it("counts ADMINs inside the transaction, not from the caller's possibly stale role", async () => {
    const { owner, project } = await createProjectWithOwner();
    const second = await member(project.id, "ADMIN");
    // Both requests were authorised while both were ADMINs; the first to commit wins.
    const ownerCtx = await staleCtx(owner.user, project.id);
    const secondCtx = await staleCtx(second.user, project.id);
    await updateMember({ ctx: ownerCtx, userId: second.user.id, input: { role: "VIEWER" } });
    await expect(updateMember({ ctx: secondCtx, userId: owner.user.id, input: { role: "VIEWER" } })).rejects.toBeInstanceOf(ConflictError);
    await expect(removeMember({ ctx: secondCtx, userId: owner.user.id })).rejects.toBeInstanceOf(ConflictError);
    expect(await roles(project.id)).toEqual({ [owner.user.id]: "ADMIN", [second.user.id]: "VIEWER" });

  });

  it("leaves exactly one ADMIN when two ADMINs demote or remove each other at the same moment", async () => {
    // Several rounds: on Postgres, without the row locks most rounds would end with no ADMIN.
    for (let round = 0; round < 5; round++) {
      const { owner, project } = await createProjectWithOwner();
      const second = await member(project.id, "ADMIN");
      const base = `/api/projects/${project.id}/members`;
      const [a, b] = await Promise.all([
        owner.api.patch(`${base}/${second.user.id}`, { role: "TESTER" }),
        round % 2 ? second.api.delete(`${base}/${owner.user.id}`) : second.api.patch(`${base}/${owner.user.id}`, { role: "VIEWER" }),
      ]);
      expect([a.status, b.status].filter((s) => s < 300), `round ${round}`).toHaveLength(1);
      // The loser was refused by the count (409) or, if it started after the winner committed, by its
      // new role (403), or, when the winner removed it from the project, by not seeing the project (404).
      const refusals = round % 2 && b.status < 300 ? [403, 404, 409] : [403, 409];
      expect(refusals).toContain(a.status < 300 ? b.status : a.status);
      expect(Object.values(await roles(project.id)).filter((r) => r === "ADMIN"), `round ${round}`).toHaveLength(1);
    }
  });

  it("a demoted member's API key shrinks with them at once", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}`;
    const lead = await member(project.id, "ADMIN");
    expect((await lead.api.post(`${base}/milestones`, { name: "v1" })).status).toBe(201);

    expect((await owner.api.patch(`${base}/members/${lead.user.id}`, { role: "VIEWER" })).status).toBe(200);
    const refused = await lead.api.post(`${base}/milestones`, { name: "v2" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain("you are VIEWER");
    expect((await lead.api.get(`${base}/milestones`)).body.data.map((m: { name: string }) => m.name)).toEqual(["v1"]);
    expect((await lead.api.get(`${base}/members`)).status).toBe(200);

    // Removed: the key no longer sees the project at all.
    expect((await owner.api.delete(`${base}/members/${lead.user.id}`)).status).toBe(204);
    expect((await lead.api.get(`${base}/milestones`)).status).toBe(404);
  });

  it("shows members disabled instance-wide as disabled", async () => {
    const { owner, project } = await createProjectWithOwner();
    const root = await createUser({ isAdmin: true });
    const tess = await member(project.id, "TESTER");
    expect((await root.api.patch(`/api/users/${tess.user.id}`, { disabled: true })).status).toBe(200);
    const list = await owner.api.get(`/api/projects/${project.id}/members`);
    expect(list.body.data.find((m: { userId: string }) => m.userId === tess.user.id)).toMatchObject({ role: "TESTER", disabled: true });
    expect((await tess.api.get(`/api/projects/${project.id}`)).status).toBe(401);
  });

  it("records each change with its actor, key and a compact before/after", async () => {
    const { owner, project } = await createProjectWithOwner();
    const base = `/api/projects/${project.id}/members`;
    const tess = await createUser();
    await owner.api.post(base, { email: tess.user.email, role: "TESTER" });
    await owner.api.patch(`${base}/${tess.user.id}`, { role: "VIEWER" });
    await owner.api.patch(`${base}/${tess.user.id}`, { role: "VIEWER" });
    await owner.api.delete(`${base}/${tess.user.id}`);
    // Refused changes leave no row.
    await owner.api.delete(`${base}/${owner.user.id}`);

    const rows = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.projectId, project.id), eq(auditLog.entityType, "member")))
      .orderBy(auditLog.createdAt);
    expect(rows.map((r) => [r.action, r.entityId, r.before, r.after])).toEqual([
      ["member.add", tess.user.id, null, { email: tess.user.email, role: "TESTER" }],
      ["member.update", tess.user.id, { role: "TESTER" }, { role: "VIEWER" }],
      ["member.remove", tess.user.id, { email: tess.user.email, role: "VIEWER" }, null],
    ]);
    const ownerKey = await keyId(owner.key);
    for (const r of rows) expect(r).toMatchObject({ actorUserId: owner.user.id, actorApiKeyId: ownerKey });
  });
});
