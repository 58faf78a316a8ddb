import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rowsOf } from "@/lib/sql";
import { call } from "../helpers/api";
import { createProjectWithOwner } from "../helpers/factories";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "../fixtures/testrail", name), "utf8");

async function setup() {
  const { owner, project } = await createProjectWithOwner();
  const base = `/api/projects/${project.id}`;
  const send = (body: string, contentType: string) => call("POST", `${base}/test-cases/import/testrail`, { key: owner.key, rawBody: body, headers: { "content-type": contentType } });
  const cases = async () => (await owner.api.get(`${base}/test-cases?limit=200`)).body.data as any[];
  const count = async () =>
    rowsOf<{ n: number }>(await getDb().execute(sql`select count(*)::int as n from test_cases where project_id = ${project.id}`))[0].n;
  return { owner, project, base, send, cases, count };
}

describe("TestRail import", () => {
  it("imports the CSV export: nested suites, separated steps, priorities, types, references as MANUAL requirements, the ID kept", async () => {
    const s = await setup();
    const res = await s.send(fixture("cases.csv"), "text/csv; charset=utf-8");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      format: "csv",
      created: 3,
      updated: 0,
      unchanged: 0,
      suitesCreated: 3, // Checkout, Checkout > Payments, Search
      requirementsCreated: 2, // SHOP-12, SHOP-13
      keys: [`${s.project.key}-1`, `${s.project.key}-2`, `${s.project.key}-3`],
    });
    const [pay, coupon, search] = await s.cases();
    expect(pay).toMatchObject({
      title: "Pay with card",
      externalId: "C101",
      priority: "CRITICAL",
      type: "FUNCTIONAL",
      preconditions: "Logged in as a buyer",
      steps: [
        { action: "Open the cart", expected: "The cart lists 2 items" },
        { action: "Pay with the test card 4242", expected: "The order is confirmed\nand a receipt is mailed" },
      ],
      requirementKeys: ["SHOP-12", "SHOP-13"],
      suite: { name: "Payments" },
    });
    expect(coupon).toMatchObject({ externalId: "C102", priority: "MEDIUM", type: "SMOKE", requirementKeys: ["SHOP-13"], suite: { name: "Checkout" } });
    expect(search).toMatchObject({ externalId: "C103", priority: "LOW", type: "OTHER", steps: [], requirementKeys: [] });
    const suites = (await s.owner.api.get(`${s.base}/suites`)).body.data as { id: string; name: string; parentId: string | null }[];
    const checkout = suites.find((x) => x.name === "Checkout")!;
    expect(suites.find((x) => x.name === "Payments")!.parentId).toBe(checkout.id);
    const reqs = (await s.owner.api.get(`${s.base}/requirements`)).body.data;
    expect(reqs.map((r: any) => [r.key, r.source, r.caseKeys])).toEqual([
      ["SHOP-12", "MANUAL", [pay.key]],
      ["SHOP-13", "MANUAL", [pay.key, coupon.key]],
    ]);
  });

  it("a second CSV import updates instead of duplicating, keeps links made in QA Studio, and makes a version only for changed content", async () => {
    const s = await setup();
    await s.send(fixture("cases.csv"), "text/csv");
    await s.owner.api.post(`${s.base}/requirements`, { key: "REQ-9" });
    await s.owner.api.patch(`${s.base}/test-cases/${s.project.key}-3`, { requirementKeys: ["REQ-9"] });
    const again = await s.send(fixture("cases.csv"), "text/csv");
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, suitesCreated: 0, requirementsCreated: 0 });
    expect(await s.count()).toBe(3);
    const edited = fixture("cases.csv").replace("Apply a coupon", "Apply a coupon code").replace("C103,Search by name,Search,0,Search", "C103,Search by name,Find,0,Find");
    const third = await s.send(edited, "text/csv");
    expect(third.body).toMatchObject({ created: 0, updated: 2, unchanged: 1, suitesCreated: 1 });
    const [, coupon, search] = await s.cases();
    expect(coupon).toMatchObject({ title: "Apply a coupon code", version: 2 });
    expect(search).toMatchObject({ suite: { name: "Find" }, version: 1, requirementKeys: ["REQ-9"] });
    const audit = rowsOf<{ after: any }>(
      await getDb().execute(sql`select after from audit_log where project_id = ${s.project.id} and action = 'case.import' order by created_at`),
    );
    expect(audit.map((a) => [a.after.source, a.after.created, a.after.updated])).toEqual([
      ["testrail-csv", 3, 0],
      ["testrail-csv", 0, 0],
      ["testrail-csv", 0, 2],
    ]);
  });

  it("imports the XML export (sections > section > cases > case, custom_steps_separated) and re-imports it", async () => {
    const s = await setup();
    const res = await s.send(fixture("cases.xml"), "application/xml");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: "xml", created: 3, updated: 0, suitesCreated: 3, requirementsCreated: 2 });
    const [card, refund, signIn] = await s.cases();
    expect(card).toMatchObject({
      title: "Pay with card & save it",
      externalId: "C201",
      priority: "HIGH",
      preconditions: "Logged in as a buyer",
      steps: [
        { action: "Open the cart", expected: "The cart lists 2 items" },
        { action: 'Pay and tick "Save card"', expected: "The card is listed under Payment methods" },
      ],
      requirementKeys: ["REQ-7", "SHOP-12"],
      suite: { name: "Checkout" },
    });
    expect(refund).toMatchObject({ externalId: "C202", type: "REGRESSION", priority: "LOW", steps: [{ action: "Open a paid order", expected: "" }], suite: { name: "Refunds" } });
    expect(signIn).toMatchObject({ externalId: "C203", type: "ACCEPTANCE", steps: [{ action: "Sign in with a valid password", expected: "The dashboard opens" }] });
    const again = await s.send(fixture("cases.xml").replace("<priority>Low</priority>", "<priority>Critical</priority>"), "text/xml");
    expect(again.body).toMatchObject({ created: 0, updated: 1, unchanged: 2, requirementsCreated: 0 });
    expect(await s.count()).toBe(3);
    expect((await s.cases())[1]).toMatchObject({ priority: "CRITICAL", version: 2 });
  });

  it("reads the separated-steps-in-rows layout and the text template", async () => {
    const s = await setup();
    const csv = [
      "ID,Title,Section Hierarchy,Priority,Type,Steps (Step),Steps (Expected Result),References",
      "C301,Sign in,Account,High,Functional,Open the sign-in page,The form shows,REQ-7",
      ",,,,,Enter the password,Signed in,",
      "C302,Sign out,Account,Low,Functional,Click Sign out,The login page shows,",
    ].join("\n");
    expect((await s.send(csv, "text/csv")).body).toMatchObject({ created: 2 });
    const [signIn, signOut] = await s.cases();
    expect(signIn.steps).toEqual([
      { action: "Open the sign-in page", expected: "The form shows" },
      { action: "Enter the password", expected: "Signed in" },
    ]);
    expect(signOut.steps).toHaveLength(1);
    const text = ["ID,Title,Section,Priority,Steps,Expected Result", 'C303,Reset password,Account,Medium,"Ask for a reset link\nOpen the mail",The new password works'].join("\n");
    await s.send(text, "text/csv");
    expect((await s.cases())[2].steps).toEqual([{ action: "Ask for a reset link\nOpen the mail", expected: "The new password works" }]);
  });

  it("is all or nothing: every invalid row is named and nothing is written", async () => {
    const s = await setup();
    const bad = [
      "ID,Title,Section Hierarchy,Priority,References",
      "C1,Good case,Web,High,SHOP-1",
      "C2,,Web,Urgent,",
      "X9,Third,Web,Low,has space",
      "C1,Duplicate,Web,Low,",
    ].join("\n");
    const res = await s.send(bad, "text/csv");
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe("3 rows are invalid; nothing was imported.");
    expect(res.body.error.details.map((d: any) => d.field)).toEqual(["row 3: Title", "row 3: Priority", "row 4: ID", "row 4: References", "row 5: ID"]);
    expect(res.body.error.details[4].message).toBe("C1 already appears in row 2");
    expect(await s.count()).toBe(0);
    expect((await s.owner.api.get(`${s.base}/requirements`)).body.data).toEqual([]);
    const xml = fixture("cases.xml").replace("<priority>Low</priority>", "<priority>P1</priority>");
    const xmlRes = await s.send(xml, "application/xml");
    expect(xmlRes.status).toBe(400);
    expect(xmlRes.body.error.details).toEqual([{ field: "case 2: priority", message: '"P1" is not one of Critical, High, Medium, Low' }]);
    expect(await s.count()).toBe(0);
  });

  it("refuses what is not a TestRail export: other content types, broken or entity-declaring XML, a CSV without Title", async () => {
    const s = await setup();
    expect((await s.send("{}", "application/json")).status).toBe(415);
    const broken = await s.send("<suite><sections><section>", "application/xml");
    expect(broken.status).toBe(400);
    const entity = await s.send('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><suite><sections/></suite>', "application/xml");
    expect(entity.status).toBe(400);
    expect(entity.body.error.details[0].message).toMatch(/document type declaration/);
    const noTitle = await s.send("ID,Name\nC1,x\n", "text/csv");
    expect(noTitle.body.error.details[0].field).toBe("row 1: Title");
    expect(await s.count()).toBe(0);
  });
});
