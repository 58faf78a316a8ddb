import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { attachments, auditLog, results } from "@/db/schema";
import { sessionCookie } from "../helpers/api";
import { chunked, png, PNG_SIGNATURE, sendAttachmentRequest, sha256, type Body } from "../helpers/attachment-client";
import { addMember, createRunSetup, createUser } from "../helpers/factories";

const filesDir = (process.env.QA_STUDIO_FILES_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "qa-attachments-test-")));
afterAll(() => fs.rmSync(filesDir, { recursive: true, force: true }));
beforeEach(() => {
  delete process.env.QA_STUDIO_MAX_ATTACHMENT_MB;
});

const send = sendAttachmentRequest;

/** Every file under the storage directory, temporary ones included. */
function storedFiles(): string[] {
  return fs.readdirSync(filesDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function attachmentRows(resultId: string) {
  return getDb().select().from(attachments).where(eq(attachments.resultId, resultId));
}

/** A project with a run and one stored result, its owner, a tester and a viewer. */
async function setup() {
  const s = await createRunSetup();
  const run = (await s.owner.api.post(`${s.base}/test-runs`, { name: "CI", milestoneId: s.milestone.id, environmentId: s.environment.id, kind: "AUTOMATED" })).body;
  const batch = await s.owner.api.post(`${s.base}/test-runs/${run.id}/results`, { results: [{ testKey: "shop.spec.ts › pays", status: "failed" }] });
  const resultId: string = batch.body.results[0].resultId;
  const tester = await createUser({ name: "Tester" });
  const viewer = await createUser({ name: "Viewer" });
  await addMember(s.project.id, tester.user.id, "TESTER");
  await addMember(s.project.id, viewer.user.id, "VIEWER");
  return { ...s, run, resultId, tester, viewer, uploadUrl: `${s.base}/results/${resultId}/attachments` };
}

describe("attachments", () => {
  it("round-trips a streamed upload: stored, listed and downloaded with the same bytes and sha256", async () => {
    const { tester, viewer, project, resultId, uploadUrl } = await setup();
    const bytes = png(300_000);
    const res = await send("POST", `${uploadUrl}?name=checkout%20failed.png`, { key: tester.key, contentType: "image/png", body: chunked(bytes) });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toEqual({
      id: expect.any(String),
      resultId,
      filename: "checkout failed.png",
      contentType: "image/png",
      sizeBytes: bytes.length,
      sha256: sha256(bytes),
      url: `/api/projects/${project.key}/attachments/${created.id}`,
      createdAt: expect.any(String),
    });

    const second = await send("POST", `${uploadUrl}?name=log.txt`, { key: tester.key, contentType: "text/plain; charset=utf-8", body: "step 1\nstep 2\n" });
    expect(second.status).toBe(201);
    const list = await (await send("GET", uploadUrl, { key: viewer.key })).json();
    expect(list.data.map((a: { filename: string }) => a.filename)).toEqual(["checkout failed.png", "log.txt"]);
    expect(list.data[0]).toEqual(created);
    const paged = await (await send("GET", `${uploadUrl}?limit=1`, { key: viewer.key })).json();
    expect(paged.data.map((a: { id: string }) => a.id)).toEqual([created.id]);
    const rest = await (await send("GET", `${uploadUrl}?limit=1&cursor=${paged.nextCursor}`, { key: viewer.key })).json();
    expect(rest).toEqual({ data: [list.data[1]], nextCursor: null });

    const download = await send("GET", created.url, { key: viewer.key });
    expect(download.status).toBe(200);
    const got = Buffer.from(await download.arrayBuffer());
    expect(got.equals(bytes)).toBe(true);
    expect(sha256(got)).toBe(created.sha256);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("content-length")).toBe(String(bytes.length));
    expect(download.headers.get("content-disposition")).toBe(`inline; filename="checkout failed.png"; filename*=UTF-8''checkout%20failed.png`);
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-security-policy")).toMatch(/^sandbox;/);
    expect(download.headers.get("cache-control")).toBe("private, max-age=3600");
    expect(download.headers.get("etag")).toBe(`"${created.sha256}"`);

    const text = await send("GET", (await second.json()).url, { key: viewer.key });
    expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await text.text()).toBe("step 1\nstep 2\n");
  });

  it("serves browsers with the session cookie, answers 304 to a matching ETag and 206 to a byte range", async () => {
    const { tester, viewer, uploadUrl } = await setup();
    const bytes = png(1000);
    const created = await (await send("POST", uploadUrl, { key: tester.key, contentType: "image/png", body: bytes })).json();
    expect(created.filename).toBe("attachment.png");
    const cookie = await sessionCookie(viewer.user.id);

    const page = await send("GET", created.url, { cookie });
    expect(page.status).toBe(200);
    expect(Buffer.from(await page.arrayBuffer()).equals(bytes)).toBe(true);

    const cached = await send("GET", created.url, { cookie, headers: { "if-none-match": `"${created.sha256}"` } });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe("");

    const part = await send("GET", created.url, { cookie, headers: { range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
    const tail = await send("GET", created.url, { cookie, headers: { range: "bytes=-10" } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(-10))).toBe(true);
    // Unsatisfiable or multiple ranges: the whole file.
    const whole = await send("GET", created.url, { cookie, headers: { range: "bytes=5000-" } });
    expect(whole.status).toBe(200);
    expect((await whole.arrayBuffer()).byteLength).toBe(bytes.length);

    // A cookie write still needs this server's Origin.
    const crossSite = await send("POST", uploadUrl, { cookie: await sessionCookie(tester.user.id), contentType: "text/plain", body: "x", headers: { origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);
    const sameSite = await send("POST", uploadUrl, { cookie: await sessionCookie(tester.user.id), contentType: "text/plain", body: "x", headers: { origin: "http://localhost:3000" } });
    expect(sameSite.status).toBe(201);
  });

  it("refuses a file over QA_STUDIO_MAX_ATTACHMENT_MB with 413 and leaves no file or row behind", async () => {
    const { tester, resultId, uploadUrl } = await setup();
    process.env.QA_STUDIO_MAX_ATTACHMENT_MB = "0.05"; // 52,428 bytes
    const before = storedFiles();

    // Streamed without a length: refused part-way through, the partial file removed.
    const streamed = await send("POST", uploadUrl, { key: tester.key, contentType: "application/zip", body: chunked(Buffer.concat([Buffer.from("PK\x03\x04"), randomBytes(200_000)]), 8192) });
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("0.05 MB") });
    // Declared too large: refused before reading.
    const declared = await send("POST", uploadUrl, { key: tester.key, contentType: "text/plain", body: "x".repeat(60_000), headers: { "content-length": "60000" } });
    expect(declared.status).toBe(413);

    expect(storedFiles()).toEqual(before);
    expect(await attachmentRows(resultId)).toEqual([]);
    const limit = Math.floor(0.05 * 1024 * 1024);
    const atLimit = await send("POST", uploadUrl, { key: tester.key, contentType: "text/plain", body: chunked(Buffer.alloc(limit, "a"), 10_000) });
    expect(atLimit.status).toBe(201);
    expect((await atLimit.json()).sizeBytes).toBe(limit);
  });

  it("refuses types outside the allow-list, and bytes that contradict the declared type, with 415", async () => {
    const { tester, resultId, uploadUrl } = await setup();
    const before = storedFiles();
    const refuse = async (contentType: string | undefined, body: Body) => {
      const res = await send("POST", `${uploadUrl}?name=shot.png`, { key: tester.key, contentType, body });
      expect(res.status, `${contentType}`).toBe(415);
      expect((await res.json()).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    };
    await refuse("application/x-msdownload", "MZ...");
    await refuse("image/svg+xml", "<svg onload=alert(1)>");
    await refuse(undefined, png(100));
    await refuse("image/png", "this is not a PNG at all");
    await refuse("image/png", Buffer.from(PNG_SIGNATURE.slice(0, 4)));
    await refuse("image/jpeg", png(100));
    await refuse("application/pdf", chunked(Buffer.from("<html>not a pdf</html>"), 3));
    await refuse("application/zip", "");
    expect(storedFiles()).toEqual(before);
    expect(await attachmentRows(resultId)).toEqual([]);

    // Parameters and common aliases are accepted and normalised.
    const jpeg = await send("POST", uploadUrl, { key: tester.key, contentType: "image/JPG", body: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) });
    expect(jpeg.status).toBe(201);
    expect(await jpeg.json()).toMatchObject({ contentType: "image/jpeg", filename: "attachment.jpg" });
    const trace = await send("POST", `${uploadUrl}?name=trace.zip`, { key: tester.key, contentType: "application/zip", body: Buffer.concat([Buffer.from("PK\x03\x04"), randomBytes(64)]) });
    expect(trace.status).toBe(201);
  });

  it("neutralises directories and control characters in the name; storage paths never come from it", async () => {
    const { tester, viewer, resultId, uploadUrl } = await setup();
    const upload = async (name: string) => {
      const res = await send("POST", `${uploadUrl}?name=${encodeURIComponent(name)}`, { key: tester.key, contentType: "text/plain", body: "secret" });
      expect(res.status).toBe(201);
      return res.json();
    };
    expect((await upload("../../../../etc/passwd")).filename).toBe("passwd");
    expect((await upload("..\\..\\windows\\win.ini")).filename).toBe("win.ini");
    expect((await upload("..")).filename).toBe("attachment.txt");
    expect((await upload(".bashrc")).filename).toBe("bashrc");
    const tricky = await upload('a"b\r\nSet-Cookie: x=1\u202e.txt');
    expect(tricky.filename).toBe("abSet-Cookie x=1.txt");
    expect((await upload("ü".repeat(300) + ".txt")).filename).toBe("ü".repeat(196) + ".txt");

    // Every file lies inside the storage directory under a random key.
    const rows = await attachmentRows(resultId);
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      expect(row.storageKey).toMatch(/^[0-9a-f]{32}$/);
      expect(storedFiles()).toContain(path.join(filesDir, row.storageKey.slice(0, 2), row.storageKey));
    }
    const download = await send("GET", tricky.url, { key: viewer.key });
    expect(download.headers.get("content-disposition")).toBe(`inline; filename="abSet-Cookie x=1.txt"; filename*=UTF-8''abSet-Cookie%20x%3D1.txt`);
  });

  it("answers 404 for another project's result or attachment, and to non-members", async () => {
    const a = await setup();
    const b = await setup();
    const inA = await (await send("POST", a.uploadUrl, { key: a.tester.key, contentType: "text/plain", body: "a" })).json();

    // B's owner, through B, names A's result and attachment.
    const cross = await send("POST", `${b.base}/results/${a.resultId}/attachments`, { key: b.owner.key, contentType: "text/plain", body: "b" });
    expect(cross.status).toBe(404);
    expect((await cross.json()).error.message).toBe("Result not found.");
    expect((await send("GET", `${b.base}/results/${a.resultId}/attachments`, { key: b.owner.key })).status).toBe(404);
    expect((await send("GET", `${b.base}/attachments/${inA.id}`, { key: b.owner.key })).status).toBe(404);
    expect((await send("DELETE", `${b.base}/attachments/${inA.id}`, { key: b.owner.key })).status).toBe(404);
    // B's owner, through A: not a member.
    expect((await send("GET", inA.url, { key: b.owner.key })).status).toBe(404);
    expect((await send("POST", a.uploadUrl, { key: b.owner.key, contentType: "text/plain", body: "b" })).status).toBe(404);
    expect((await send("GET", `${a.base}/results/unknown-result/attachments`, { key: a.viewer.key })).status).toBe(404);
    expect(await attachmentRows(a.resultId)).toHaveLength(1);
    expect(await attachmentRows(b.resultId)).toHaveLength(0);
  });

  it("lets a viewer list and download but not upload or delete", async () => {
    const { tester, viewer, resultId, uploadUrl } = await setup();
    const created = await (await send("POST", uploadUrl, { key: tester.key, contentType: "text/plain", body: "log" })).json();
    const before = storedFiles();
    const upload = await send("POST", uploadUrl, { key: viewer.key, contentType: "text/plain", body: "mine" });
    expect(upload.status).toBe(403);
    expect((await send("DELETE", created.url, { key: viewer.key })).status).toBe(403);
    expect(storedFiles()).toEqual(before);
    expect(await attachmentRows(resultId)).toHaveLength(1);
    expect((await send("GET", uploadUrl, { key: viewer.key })).status).toBe(200);
    expect(await (await send("GET", created.url, { key: viewer.key })).text()).toBe("log");
  });

  it("deletes the row and the file, and audits upload and delete", async () => {
    const { owner, tester, resultId, uploadUrl, project } = await setup();
    const created = await (await send("POST", `${uploadUrl}?name=video.webm`, { key: tester.key, contentType: "video/webm", body: Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0]) })).json();
    const [row] = await attachmentRows(resultId);
    const file = path.join(filesDir, row.storageKey.slice(0, 2), row.storageKey);
    expect(fs.existsSync(file)).toBe(true);

    const res = await send("DELETE", created.url, { key: tester.key });
    expect(res.status).toBe(204);
    expect(fs.existsSync(file)).toBe(false);
    expect(await attachmentRows(resultId)).toEqual([]);
    expect((await send("GET", created.url, { key: owner.key })).status).toBe(404);
    expect((await send("DELETE", created.url, { key: tester.key })).status).toBe(404);

    const audit = await getDb().select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["attachment.create", "attachment.delete"]);
    expect(audit.every((a) => a.projectId === project.id && a.actorUserId === tester.user.id)).toBe(true);
  });

  it("removes the stored file when the row cannot be written (the result vanished during the upload)", async () => {
    const { tester, resultId, uploadUrl } = await setup();
    const before = storedFiles();
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        // The result is checked before the body is read; delete it while the bytes arrive.
        if (pulls++ === 0) {
          await getDb().delete(results).where(eq(results.id, resultId));
          controller.enqueue(new TextEncoder().encode("late"));
        } else controller.close();
      },
    }, { highWaterMark: 0 });
    const res = await send("POST", uploadUrl, { key: tester.key, contentType: "text/plain", body });
    expect(res.status).toBe(404);
    expect(storedFiles()).toEqual(before);
    expect(await attachmentRows(resultId)).toEqual([]);
  });

  it("serves HTML as a download, with nosniff and a sandboxing CSP", async () => {
    const { tester, viewer, uploadUrl } = await setup();
    const html = "<!doctype html><script>fetch('/api/api-keys',{method:'POST'})</script>";
    const created = await (await send("POST", `${uploadUrl}?name=report.html`, { key: tester.key, contentType: "text/html", body: html })).json();
    const res = await send("GET", created.url, { key: viewer.key });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="report.html"; filename*=UTF-8''report.html`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toMatch(/^sandbox; default-src 'none'/);
    expect(await res.text()).toBe(html);

    // JSON and traces download too; images, video, PDF and plain text open in the tab.
    const json = await (await send("POST", uploadUrl, { key: tester.key, contentType: "application/json", body: "{}" })).json();
    expect((await send("GET", json.url, { key: viewer.key })).headers.get("content-disposition")).toMatch(/^attachment;/);
  });
});
