import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import { DEMO_TOTP, seedDemo } from "@/db/seed";
import { CODE_READ_LIMIT } from "@/lib/authenticators/read-code";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { decodeBase32, totp } from "@/lib/authenticators/totp";
import { rowsOf } from "@/lib/sql";
import { call, sessionCookie } from "../helpers/api";
import { addMember, createKeyFor, createProjectWithOwner, createUser } from "../helpers/factories";

const SECRET = "JBSWY3DPEHPK3PXP";

async function setup() {
  const { owner, project } = await createProjectWithOwner();
  const base = `/api/projects/${project.id}/authenticator-tokens`;
  const viewer = await createUser({ name: "Viewer" });
  const tester = await createUser({ name: "Tester" });
  await addMember(project.id, viewer.user.id, "VIEWER");
  await addMember(project.id, tester.user.id, "TESTER");
  return { owner, project, base, viewer, tester };
}

/** The code an authenticator app would show now, for comparison (allowing for a period boundary between the two reads). */
function expectedCodes(secret: string, params: { algorithm: "SHA1" | "SHA256" | "SHA512"; digits: number; period: number }) {
  const key = decodeBase32(secret)!;
  const now = Date.now();
  return [totp(key, params, now - 2000).code, totp(key, params, now).code, totp(key, params, now + 2000).code];
}

async function codeReads(tokenId: string) {
  return getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityId, tokenId), eq(auditLog.action, "authenticator.code_read")));
}

describe("authenticator tokens", () => {
  it("stores the secret encrypted, never returns it, and serves the right code to a viewer", async () => {
    const { base, owner, viewer, project } = await setup();
    const created = await owner.api.post(base, { name: "2fa-admin", secret: "jbsw y3dp ehpk 3pxp", issuer: "Demo Shop", account: "admin@shop.test" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: "2fa-admin", issuer: "Demo Shop", account: "admin@shop.test", algorithm: "SHA1", digits: 6, period: 30, projectId: project.id });
    expect(created.body.createdBy).toMatchObject({ id: owner.user.id });
    const id = created.body.id;

    const [raw] = rowsOf<Record<string, string>>(await getDb().execute(sql`select * from authenticator_tokens where id = ${id}`));
    const rawText = JSON.stringify(raw);
    expect(rawText).not.toContain(SECRET);
    expect(rawText.toLowerCase()).not.toContain(SECRET.toLowerCase());
    expect(rawText).not.toContain(Buffer.from(decodeBase32(SECRET)!).toString("base64"));
    expect(raw.secret_ciphertext.length).toBeGreaterThan(0);
    expect(raw.iv).toHaveLength(16); // 12 bytes, base64

    for (const res of [created, await viewer.api.get(base), await viewer.api.get(`${base}/${id}`), await owner.api.patch(`${base}/${id}`, { account: "root" })]) {
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(SECRET);
      expect(text).not.toMatch(/secret|ciphertext|authTag|"iv"/i);
    }
    expect((await viewer.api.get(base)).body.data.map((t: { name: string }) => t.name)).toEqual(["2fa-admin"]);
    const audit = JSON.stringify(await getDb().select().from(auditLog).where(eq(auditLog.entityId, id)));
    expect(audit).not.toContain(SECRET);

    const code = await viewer.api.get(`${base}/${id}/code`);
    expect(code.status).toBe(200);
    expect(code.headers.get("cache-control")).toBe("no-store");
    expect(Object.keys(code.body).sort()).toEqual(["code", "digits", "period", "timeRemaining"]);
    expect(code.body).toMatchObject({ digits: 6, period: 30 });
    expect(code.body.timeRemaining).toBeGreaterThanOrEqual(1);
    expect(code.body.timeRemaining).toBeLessThanOrEqual(30);
    expect(expectedCodes(SECRET, { algorithm: "SHA1", digits: 6, period: 30 })).toContain(code.body.code);
  });

  it("reads otpauth:// URIs with SHA256/SHA512, 8 digits and other periods", async () => {
    const { base, owner, tester } = await setup();
    const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
    const uri = `otpauth://totp/Shop:ops@shop.test?secret=${secret}&issuer=Shop&algorithm=SHA512&digits=8&period=60`;
    const res = await owner.api.post(base, { name: "ops-otp", otpauthUri: uri });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ issuer: "Shop", account: "ops@shop.test", algorithm: "SHA512", digits: 8, period: 60 });
    const code = (await tester.api.get(`${base}/${res.body.id}/code`)).body;
    expect(code).toMatchObject({ digits: 8, period: 60 });
    expect(code.code).toMatch(/^\d{8}$/);
    expect(expectedCodes(secret, { algorithm: "SHA512", digits: 8, period: 60 })).toContain(code.code);

    // Replacing the secret changes the code; changing parameters takes effect at once.
    const patched = await owner.api.patch(`${base}/${res.body.id}`, { secret: SECRET, algorithm: "SHA256", digits: 7, period: 45 });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const after = (await tester.api.get(`${base}/${res.body.id}/code`)).body;
    expect(after).toMatchObject({ digits: 7, period: 45 });
    expect(expectedCodes(SECRET, { algorithm: "SHA256", digits: 7, period: 45 })).toContain(after.code);
    const update = await getDb().select().from(auditLog).where(and(eq(auditLog.entityId, res.body.id), eq(auditLog.action, "authenticator.update")));
    expect(update[0].after).toMatchObject({ secret: "(replaced)", digits: 7 });
  });

  it("validates input and names each problem", async () => {
    const { base, owner } = await setup();
    const bad = async (body: unknown) => {
      const res = await owner.api.post(base, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      return res.body.error.details.map((d: { field: string }) => d.field);
    };
    expect(await bad({ name: "x" })).toEqual(["secret"]);
    expect(await bad({ name: "x", secret: SECRET, otpauthUri: "otpauth://totp/x?secret=" + SECRET })).toEqual(["otpauthUri"]);
    expect(await bad({ name: "x", secret: "not base32 1!" })).toEqual(["secret"]);
    expect(await bad({ name: "x", secret: SECRET, digits: 9, algorithm: "MD5" })).toEqual(expect.arrayContaining(["digits", "algorithm"]));
    expect(await bad({ name: "x", otpauthUri: "otpauth://hotp/x?secret=" + SECRET })).toEqual(["otpauthUri"]);
    expect(await bad({ name: "a,b", secret: SECRET })).toEqual(["name"]);
    expect(await bad({ name: "x", secret: SECRET, code: "123456" })).toEqual(["code"]);
    expect((await owner.api.post(base, { name: "Shop-2FA", secret: SECRET })).status).toBe(201);
    const dup = await owner.api.post(base, { name: "shop-2fa", secret: SECRET });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details).toEqual([{ field: "name", message: "Already taken" }]);
  });

  it("lets admins manage tokens and every member read codes; others see 404", async () => {
    const { base, owner, viewer, tester } = await setup();
    expect((await viewer.api.post(base, { name: "v", secret: SECRET })).status).toBe(403);
    expect((await tester.api.post(base, { name: "t", secret: SECRET })).status).toBe(403);
    const id = (await owner.api.post(base, { name: "login", secret: SECRET })).body.id;
    expect((await tester.api.patch(`${base}/${id}`, { name: "x" })).status).toBe(403);
    expect((await viewer.api.delete(`${base}/${id}`)).status).toBe(403);
    // A read-only key may read a code: reading is what it is for.
    const readOnly = await createKeyFor(viewer.user.id, { readOnly: true });
    expect((await call("GET", `${base}/${id}/code`, { key: readOnly })).status).toBe(200);

    const other = await createProjectWithOwner();
    const foreign = (await other.owner.api.post(`/api/projects/${other.project.id}/authenticator-tokens`, { name: "login", secret: SECRET })).body.id;
    expect((await owner.api.get(`${base}/${foreign}/code`)).status).toBe(404);
    expect((await owner.api.get(`${base}/${foreign}`)).status).toBe(404);
    expect((await owner.api.delete(`${base}/${foreign}`)).status).toBe(404);
    const outsider = await createUser();
    expect((await outsider.api.get(`${base}/${id}/code`)).status).toBe(404);
    expect(await codeReads(foreign)).toHaveLength(0);

    expect((await owner.api.delete(`${base}/${id}`)).status).toBe(204);
    expect((await viewer.api.get(`${base}/${id}/code`)).status).toBe(404);
    expect((await owner.api.get(base)).body.data).toEqual([]);
  });

  it("audits every code read with who read it, through a key or the browser", async () => {
    const { base, owner, viewer, project } = await setup();
    const id = (await owner.api.post(base, { name: "audited", secret: SECRET })).body.id;
    await viewer.api.get(`${base}/${id}/code`);
    await viewer.api.get(`${base}/${id}/code`);
    const cookie = await sessionCookie(viewer.user.id);
    expect((await call("GET", `${base}/${id}/code`, { cookie })).status).toBe(200);
    const rows = await codeReads(id);
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r).toMatchObject({ projectId: project.id, actorUserId: viewer.user.id, entityType: "authenticator_token", after: { name: "audited" } });
    expect(rows.filter((r) => r.actorApiKeyId)).toHaveLength(2);
    // Project admins see the reads in the audit log API.
    const log = await owner.api.get(`/api/projects/${project.id}/audit-log?entityType=authenticator_token`);
    expect(log.status).toBe(200);
    expect(log.body.data.filter((e: { action: string }) => e.action === "authenticator.code_read")).toHaveLength(3);
  });

  it("rate-limits code reads per caller and token with 429 and Retry-After", async () => {
    const { base, owner, viewer, tester } = await setup();
    const id = (await owner.api.post(base, { name: "limited", secret: SECRET })).body.id;
    const second = (await owner.api.post(base, { name: "other", secret: SECRET })).body.id;
    const results = await Promise.all(Array.from({ length: CODE_READ_LIMIT.perCaller + 5 }, () => viewer.api.get(`${base}/${id}/code`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(CODE_READ_LIMIT.perCaller);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const limited = results.find((r) => r.status === 429)!;
    expect(limited.body.error.code).toBe("RATE_LIMITED");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(CODE_READ_LIMIT.windowSeconds);
    // Refused reads are not audited as reads; other callers and other tokens are unaffected.
    expect(await codeReads(id)).toHaveLength(CODE_READ_LIMIT.perCaller);
    expect((await tester.api.get(`${base}/${id}/code`)).status).toBe(200);
    expect((await viewer.api.get(`${base}/${second}/code`)).status).toBe(200);
    // The window slides: once the reads are older than the window, the caller may read again.
    await getDb().execute(sql`update audit_log set created_at = created_at - interval '61 seconds' where entity_id = ${id} and actor_user_id = ${viewer.user.id}`);
    expect((await viewer.api.get(`${base}/${id}/code`)).status).toBe(200);
  });

  it("seeds the demo token encrypted, tagged on a demo case, with codes a viewer can read", async () => {
    const { owner: admin } = await createProjectWithOwner();
    const seeded = await seedDemo(getDb(), { ownerId: admin.user.id, encryptSecret });
    expect(seeded).not.toBeNull();
    const base = `/api/projects/DEMO/authenticator-tokens`;
    const list = (await admin.api.get(base)).body.data;
    expect(list).toEqual([expect.objectContaining({ name: DEMO_TOTP.name, issuer: DEMO_TOTP.issuer, algorithm: "SHA1", digits: 6, period: 30 })]);
    const [raw] = rowsOf<{ secret_ciphertext: string }>(await getDb().execute(sql`select secret_ciphertext from authenticator_tokens where id = ${list[0].id}`));
    expect(raw.secret_ciphertext).not.toContain(DEMO_TOTP.secret);
    const tagged = await admin.api.get(`/api/projects/DEMO/test-cases?tag=${DEMO_TOTP.name}`);
    expect(tagged.status).toBe(200);
    expect(tagged.body.data.map((c: { title: string }) => c.title)).toEqual(["Sign in with email and password"]);
    const viewer = await createUser();
    await addMember(seeded!.projectId, viewer.user.id, "VIEWER");
    const code = (await viewer.api.get(`${base}/${list[0].id}/code`)).body;
    expect(expectedCodes(DEMO_TOTP.secret, { algorithm: "SHA1", digits: 6, period: 30 })).toContain(code.code);
  });
});
