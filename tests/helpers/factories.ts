import { randomBytes } from "node:crypto";
import { getDb } from "@/db/client";
import { apiKeys, projectMembers, users } from "@/db/schema";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "@/lib/auth/api-key-format";
import type { ProjectRole } from "@/lib/auth/permissions";
import { client } from "./api";

const uniq = () => randomBytes(4).toString("hex");

export async function createUser(opts: { isAdmin?: boolean; name?: string } = {}) {
  const [user] = await getDb()
    .insert(users)
    .values({ email: `user-${uniq()}@example.test`, name: opts.name ?? "Test User", isAdmin: opts.isAdmin ?? false })
    .returning();
  const key = await createKeyFor(user.id);
  return { user, key, api: client(key) };
}

export async function createKeyFor(userId: string, opts: { projectId?: string; readOnly?: boolean; expiresAt?: Date } = {}) {
  const key = generateApiKey();
  await getDb()
    .insert(apiKeys)
    .values({
      userId,
      name: "test",
      prefix: apiKeyPrefix(key),
      keyHash: hashApiKey(key),
      projectId: opts.projectId ?? null,
      readOnly: opts.readOnly ?? false,
      expiresAt: opts.expiresAt ?? null,
    });
  return key;
}

export function uniqueKey(prefix = "P"): string {
  return (prefix + randomBytes(4).toString("hex").toUpperCase()).slice(0, 10);
}

/** A fresh project owned (ADMIN) by a fresh user, created through the API. */
export async function createProjectWithOwner() {
  const owner = await createUser();
  const key = uniqueKey();
  const res = await owner.api.post("/api/projects", { name: `Project ${key}`, key });
  if (res.status !== 201) throw new Error(`project create failed: ${JSON.stringify(res.body)}`);
  return { owner, project: res.body as { id: string; key: string } };
}

export async function addMember(projectId: string, userId: string, role: ProjectRole) {
  await getDb().insert(projectMembers).values({ projectId, userId, role });
}

/** A project with one environment and one milestone, ready for runs. */
export async function createRunSetup() {
  const { owner, project } = await createProjectWithOwner();
  const base = `/api/projects/${project.id}`;
  const env = await owner.api.post(`${base}/environments`, { name: "Staging" });
  const ms = await owner.api.post(`${base}/milestones`, { name: "v1.0", dueDate: "2030-01-01T00:00:00.000Z" });
  return { owner, project, base, environment: env.body, milestone: ms.body };
}

/** A run setup with one AUTOMATED run, and the URL its results are posted to. */
export async function createCiRunSetup() {
  const setup = await createRunSetup();
  const run = await setup.owner.api.post(`${setup.base}/test-runs`, {
    name: "CI",
    milestoneId: setup.milestone.id,
    environmentId: setup.environment.id,
    kind: "AUTOMATED",
  });
  return { ...setup, run: run.body, url: `${setup.base}/test-runs/${run.body.id}/results` };
}
