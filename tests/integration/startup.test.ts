import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiKeys, users } from "@/db/schema";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { ConfigError, ensureAuthSecret } from "@/lib/auth/secret";
import { loadEnv } from "@/lib/env";
import { ensureAdmin } from "@/lib/startup/ensure-admin";
import { registerBootstrapKey } from "@/lib/startup/register-bootstrap-key";
import { call } from "../helpers/api";

const saved = { ...process.env };
afterEach(() => {
  for (const k of ["AUTH_SECRET", "DATABASE_URL", "QA_STUDIO_DATA_DIR"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe("start-up configuration", () => {
  it("names every malformed variable", () => {
    expect(() => loadEnv({ PORT: "http", QA_STUDIO_BOOTSTRAP_API_KEY: "secret", QA_STUDIO_ADMIN_EMAIL: "nope" })).toThrow(
      /PORT[\s\S]*QA_STUDIO_ADMIN_EMAIL[\s\S]*QA_STUDIO_BOOTSTRAP_API_KEY/,
    );
    expect(loadEnv({}).PORT).toBe(3000);
    expect(loadEnv({ QA_STUDIO_DEMO: "0" }).QA_STUDIO_DEMO).toBe(false);
  });

  it("refuses to run on Postgres without AUTH_SECRET, and says why", () => {
    delete process.env.AUTH_SECRET;
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:5432/x";
    expect(() => ensureAuthSecret()).toThrow(ConfigError);
    expect(() => ensureAuthSecret()).toThrow(/AUTH_SECRET is not set/);
  });

  it("generates an embedded secret once and keeps it in the data directory", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qa-secret-"));
    delete process.env.AUTH_SECRET;
    delete process.env.DATABASE_URL;
    process.env.QA_STUDIO_DATA_DIR = dir;
    const first = ensureAuthSecret();
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(fs.readFileSync(path.join(dir, "auth-secret"), "utf8")).toBe(first);
    delete process.env.AUTH_SECRET;
    expect(ensureAuthSecret()).toBe(first);
  });
});

describe("first start", () => {
  it("creates the configured admin with a working password, then leaves it alone", async () => {
    const db = getDb();
    const email = `boss-${Date.now()}@example.test`;
    const first = await ensureAdmin(db, { email, password: "correct horse battery" });
    expect(first).toMatchObject({ email, created: true, generatedPassword: null });
    expect((await verifyCredentials(db, email.toUpperCase(), "correct horse battery"))?.id).toBe(first.id);
    expect(await verifyCredentials(db, email, "wrong password")).toBeNull();
    const again = await ensureAdmin(db, { email, password: "another password" });
    expect(again).toMatchObject({ id: first.id, created: false });
    expect(await verifyCredentials(db, email, "correct horse battery")).not.toBeNull();
  });

  it("generates a password when none is configured and returns it to be printed once", async () => {
    const db = getDb();
    const email = `gen-${Date.now()}@example.test`;
    const admin = await ensureAdmin(db, { email });
    expect(admin.generatedPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(await verifyCredentials(db, email, admin.generatedPassword!)).not.toBeNull();
    const [row] = await db.select().from(users).where(eq(users.id, admin.id));
    expect(row.isAdmin).toBe(true);
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain(admin.generatedPassword!);
  });

  it("promotes an existing user named as admin instead of failing", async () => {
    const db = getDb();
    const email = `existing-${Date.now()}@example.test`;
    const [user] = await db.insert(users).values({ email, name: "Existing" }).returning();
    const admin = await ensureAdmin(db, { email });
    expect(admin).toMatchObject({ id: user.id, created: false, generatedPassword: null });
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row.isAdmin).toBe(true);
  });

  it("registers the bootstrap key idempotently, stores only its hash, and the key works", async () => {
    const db = getDb();
    const admin = await ensureAdmin(db, { email: `ci-${Date.now()}@example.test`, password: "password-123" });
    const key = "qas_bootstrapKeyForTests0123456789abcdefghijklmnop";
    expect(await registerBootstrapKey(db, admin.id, key)).toBe(true);
    expect(await registerBootstrapKey(db, admin.id, key)).toBe(false);
    const rows = await db.select().from(apiKeys).where(eq(apiKeys.userId, admin.id));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(rows[0].prefix).toBe(key.slice(0, 12));
    const res = await call("GET", "/api/projects", { key });
    expect(res.status).toBe(200);
  });
});
