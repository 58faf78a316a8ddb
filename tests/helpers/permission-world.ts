import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { hashApiKey } from "@/lib/auth/api-key-format";
import { rowsOf } from "@/lib/sql";
import { call } from "./api";
import { addMember, createKeyFor, createUser, uniqueKey } from "./factories";

export const ACTORS = [
  "none",
  "revokedKey",
  "expiredKey",
  "otherProjectMember",
  "viewer",
  "tester",
  "admin",
  "keyForOtherProject",
  "readOnlyKey",
  "instanceAdmin",
] as const;
export type ActorName = (typeof ACTORS)[number];

/**
 * A fresh world for one permission check: project P with a member of each role, a second
 * project Q with its own member, resources in P to act on, and a key per actor.
 */
export async function buildWorld() {
  const owner = await createUser({ name: "P admin" });
  const pKey = uniqueKey("P");
  const p = (await owner.api.post("/api/projects", { name: `World ${pKey}`, key: pKey })).body as { id: string; key: string };
  const other = await createUser({ name: "Q member" });
  const qKey = uniqueKey("Q");
  const q = (await other.api.post("/api/projects", { name: `Other ${qKey}`, key: qKey })).body as { id: string; key: string };
  const viewer = await createUser({ name: "P viewer" });
  const tester = await createUser({ name: "P tester" });
  await addMember(p.id, viewer.user.id, "VIEWER");
  await addMember(p.id, tester.user.id, "TESTER");
  // Targets of the member and user routes: a member to change or remove, a user to add to P.
  const spareMember = await createUser({ name: "P spare member" });
  await addMember(p.id, spareMember.user.id, "VIEWER");
  const outsider = await createUser({ name: "Outsider" });
  const instanceAdmin = await createUser({ isAdmin: true, name: "Instance admin" });

  const base = `/api/projects/${p.id}`;
  const env = (await owner.api.post(`${base}/environments`, { name: "Staging" })).body;
  const spareEnv = (await owner.api.post(`${base}/environments`, { name: "Unused" })).body;
  const milestone = (await owner.api.post(`${base}/milestones`, { name: "v1", dueDate: "2030-01-01" })).body;
  const spareMilestone = (await owner.api.post(`${base}/milestones`, { name: "Empty" })).body;
  const run = (await owner.api.post(`${base}/test-runs`, { name: "Smoke", milestoneId: milestone.id, environmentId: env.id })).body;
  const batch = (
    await owner.api.post(`${base}/test-runs/${run.id}/results`, {
      results: [
        { testKey: "world.spec.ts › works", status: "passed" },
        { testKey: "world.spec.ts › fails", status: "failed" },
      ],
    })
  ).body;
  const resultId: string = batch.results[0].resultId;
  // An entry with results (to assign and execute), and one without (to remove) in a run planned from that case.
  const entryOf = async (where: ReturnType<typeof sql>) =>
    rowsOf<{ id: string }>(await getDb().execute(sql`select id from run_entries where ${where} limit 1`))[0].id;
  const entryId = await entryOf(sql`id = (select entry_id from results where id = ${resultId})`);
  const planned = (await owner.api.post(`${base}/test-runs`, { name: "Planned", milestoneId: milestone.id, environmentId: env.id, caseIds: [`${p.key}-1`] })).body;
  const spareEntryId = await entryOf(sql`run_id = ${planned.id}`);
  // JSON, so that the matrix's JSON-reading client can read the download too.
  const attachment = (
    await call("POST", `${base}/results/${resultId}/attachments?name=world.json`, {
      key: owner.key,
      rawBody: '{"world":true}',
      headers: { "content-type": "application/json" },
    })
  ).body as { id: string };
  const caseKey = `${p.key}-1`;
  const waiver = (await owner.api.post(`${base}/milestones/${milestone.id}/waivers`, { caseId: caseKey, environmentId: env.id, reason: "World waiver" }))
    .body as { id: string };
  const suite = (await owner.api.post(`${base}/suites`, { name: "World suite" })).body as { id: string };
  const spareSuite = (await owner.api.post(`${base}/suites`, { name: "Spare suite" })).body as { id: string };
  // A running exploratory session with one note.
  const session = (
    await owner.api.post(`${base}/test-runs`, { name: "Explore", milestoneId: milestone.id, environmentId: env.id, kind: "EXPLORATORY", status: "IN_PROGRESS", charter: "World" })
  ).body as { id: string };
  const note = (await owner.api.post(`${base}/test-runs/${session.id}/notes`, { kind: "BUG", body: "World finding" })).body as { id: string };
  const requirement = (await owner.api.post(`${base}/requirements`, { key: "REQ-1", title: "World requirement" })).body as { id: string };
  const spareRequirement = (await owner.api.post(`${base}/requirements`, { key: "REQ-2" })).body as { id: string };
  const authToken = (await owner.api.post(`${base}/authenticator-tokens`, { name: "2fa-world", secret: "JBSWY3DPEHPK3PXP" })).body as { id: string };

  const revokedKey = await createKeyFor(owner.user.id);
  await getDb().update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.keyHash, hashApiKey(revokedKey)));
  const [ownerSpareKey] = await getDb().select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.keyHash, hashApiKey(await createKeyFor(owner.user.id))));
  const keys: Record<ActorName, string | undefined> = {
    none: undefined,
    revokedKey,
    expiredKey: await createKeyFor(owner.user.id, { expiresAt: new Date(Date.now() - 60_000) }),
    otherProjectMember: other.key,
    viewer: viewer.key,
    tester: tester.key,
    admin: owner.key,
    keyForOtherProject: await createKeyFor(owner.user.id, { projectId: q.id }),
    readOnlyKey: await createKeyFor(owner.user.id, { readOnly: true }),
    instanceAdmin: instanceAdmin.key,
  };
  return {
    /** A key of P's admin that the key routes may revoke. */
    ownerSpareKeyId: ownerSpareKey.id,
    p,
    q,
    base,
    env,
    spareEnv,
    milestone,
    spareMilestone,
    run,
    resultId,
    entryId,
    /** A planned run, and its one entry without results. */
    spareRunId: planned.id as string,
    spareEntryId,
    attachment,
    caseKey,
    waiver,
    suite,
    spareSuite,
    session,
    note,
    authToken,
    requirement,
    spareRequirement,
    users: {
      owner: owner.user,
      viewer: viewer.user,
      tester: tester.user,
      other: other.user,
      instanceAdmin: instanceAdmin.user,
      spareMember: spareMember.user,
      outsider: outsider.user,
    },
    keys,
  };
}
export type World = Awaited<ReturnType<typeof buildWorld>>;

/** The world's id for each path parameter name of the API. */
export function pathIds(w: World): Record<string, string> {
  return {
    projectId: w.p.id,
    environmentId: w.env.id,
    milestoneId: w.milestone.id,
    runId: w.run.id,
    resultId: w.resultId,
    entryId: w.entryId,
    attachmentId: w.attachment.id,
    requirementId: w.requirement.id,
  };
}

/**
 * A fingerprint of everything a request could change. Bookkeeping that reads legitimately
 * touch (a key's last-used time, sign-in attempts) is left out. One query for all tables, so
 * tests that take it after every request (the fuzz test) stay fast.
 */
export async function fingerprint(): Promise<string> {
  const db = getDb();
  const tables = rowsOf<{ table_name: string }>(
    await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`),
  ).map((r) => r.table_name);
  const parts = tables.map((table) =>
    table === "api_keys"
      ? sql`select 'api_keys' as t, md5(coalesce(string_agg(id || ':' || coalesce(revoked_at::text, '-'), ',' order by id), '')) as h from api_keys`
      : table === "login_attempts"
        ? sql`select 'login_attempts' as t, '' as h`
        : sql`select ${table}::text as t, md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as h from ${sql.identifier(table)} x`,
  );
  const rows = rowsOf<{ t: string; h: string }>(await db.execute(sql.join(parts, sql` union all `)));
  return rows
    .map((r) => `${r.t}=${r.h}`)
    .sort()
    .join(";");
}
