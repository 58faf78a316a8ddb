import { expect, test } from "@playwright/test";

// Smallest valid PNG signature plus some bytes: the attachments endpoint checks the signature.
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");

test.describe("Cart", () => {
  test("adds an item", { tag: "@critical" }, () => {
    expect([1, 2].length).toBe(2);
  });

  test("applies a voucher", async () => {
    const total = await test.step("compute the total", () => 100 - 5);
    const shot = test.info().outputPath("cart.png");
    await import("node:fs/promises").then((fs) => fs.writeFile(shot, PNG));
    await test.info().attach("cart", { path: shot, contentType: "image/png" });
    await test.info().attach("cart-state", { body: JSON.stringify({ total }), contentType: "application/json" });
    expect(total, "a 10% voucher on 100").toBe(90);
  });

  test.skip("ships abroad", () => {});
});
