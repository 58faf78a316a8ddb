import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main as upload } from "@/lib/reporter/upload.mjs";

/** A stand-in for the milestone list and gate endpoints: v2.4.0 is NO_GO, v2.3.0 is GO. */
const seen: string[] = [];
const server = http.createServer((req, res) => {
  const url = new URL(req.url!, "http://x");
  seen.push(`${req.method} ${url.pathname}${url.search}`);
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  if (req.headers.authorization !== "Bearer qas_test") return send(401, { error: { code: "UNAUTHENTICATED", message: "Bad key", details: [] } });
  if (url.pathname === "/api/projects/ECOM/milestones") {
    return send(200, { data: [{ id: "m1", name: "v2.4.0" }, { id: "m0", name: "v2.3.0" }, { id: "m9", name: "v2.4.0-rc" }], nextCursor: null });
  }
  const m = /^\/api\/projects\/ECOM\/milestones\/(\w+)\/gate$/.exec(url.pathname);
  if (m?.[1] === "m0") return send(200, { verdict: "GO", reasons: [], passRate: 98.5, milestone: { id: "m0", name: "v2.3.0", dueDate: null, status: "ACTIVE" } });
  if (m?.[1] === "m1") {
    return send(200, {
      verdict: "NO_GO",
      reasons: [
        { code: "RUNS_INCOMPLETE", message: "1 of 3 runs is not completed." },
        { code: "PASS_RATE_BELOW_THRESHOLD", message: "Pass rate 80.0% (8 of 10 executed) is below the 95% threshold." },
      ],
      passRate: 80,
      milestone: { id: "m1", name: "v2.4.0", dueDate: null, status: "ACTIVE" },
    });
  }
  send(404, { error: { code: "NOT_FOUND", message: "Milestone not found.", details: [] } });
});
let url = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function gate(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await upload(["gate", ...args], { env: { QA_STUDIO_URL: url, QA_STUDIO_API_KEY: "qas_test" }, out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out, err };
}

describe("upload gate", () => {
  it("exits 0 on GO", async () => {
    const r = await gate(["--project", "ECOM", "--milestone", "v2.3.0"]);
    expect(r).toEqual({ code: 0, out: ["GO: v2.3.0, pass rate 98.5%."], err: [] });
  });

  it("exits 1 on NO_GO and prints the reasons, passing the environment on", async () => {
    seen.length = 0;
    const r = await gate(["--project", "ECOM", "--milestone", "v2.4.0", "--environment", "Staging"]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      "NO_GO: v2.4.0 in Staging, pass rate 80.0%.",
      "  - RUNS_INCOMPLETE: 1 of 3 runs is not completed.",
      "  - PASS_RATE_BELOW_THRESHOLD: Pass rate 80.0% (8 of 10 executed) is below the 95% threshold.",
    ]);
    expect(seen).toContain("GET /api/projects/ECOM/milestones/m1/gate?environment=Staging");
  });

  it("exits 2 on wrong usage and 1 when the milestone is unknown", async () => {
    expect((await gate(["--project", "ECOM"])).code).toBe(2);
    expect((await gate(["--milestone", "v2.4.0"])).code).toBe(2);
    const unknown = await gate(["--project", "ECOM", "--milestone", "v9"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err.join("\n")).toMatch(/404|not found/i);
  });
});
