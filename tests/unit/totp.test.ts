import { describe, expect, it } from "vitest";
import { decodeBase32, encodeBase32, hotp, normalizeBase32, parseOtpauthUri, totp } from "@/lib/authenticators/totp";
import { resolveSecret } from "@/lib/authenticators/token-secret";
import { ValidationError } from "@/lib/errors";

// RFC 6238 Appendix B: the seeds are ASCII digits repeated to the hash's block-size key length.
const SEEDS = {
  SHA1: Buffer.from("12345678901234567890", "ascii"),
  SHA256: Buffer.from("12345678901234567890123456789012", "ascii"),
  SHA512: Buffer.from("1234567890123456789012345678901234567890123456789012345678901234", "ascii"),
} as const;

const VECTORS: [number, string, keyof typeof SEEDS, string][] = [
  [59, "0000000000000001", "SHA1", "94287082"],
  [59, "0000000000000001", "SHA256", "46119246"],
  [59, "0000000000000001", "SHA512", "90693936"],
  [1111111109, "00000000023523EC", "SHA1", "07081804"],
  [1111111109, "00000000023523EC", "SHA256", "68084774"],
  [1111111109, "00000000023523EC", "SHA512", "25091201"],
  [1111111111, "00000000023523ED", "SHA1", "14050471"],
  [1111111111, "00000000023523ED", "SHA256", "67062674"],
  [1111111111, "00000000023523ED", "SHA512", "99943326"],
  [1234567890, "000000000273EF07", "SHA1", "89005924"],
  [1234567890, "000000000273EF07", "SHA256", "91819424"],
  [1234567890, "000000000273EF07", "SHA512", "93441116"],
  [2000000000, "0000000003F940AA", "SHA1", "69279037"],
  [2000000000, "0000000003F940AA", "SHA256", "90698825"],
  [2000000000, "0000000003F940AA", "SHA512", "38618901"],
  [20000000000, "0000000027BC86AA", "SHA1", "65353130"],
  [20000000000, "0000000027BC86AA", "SHA256", "77737706"],
  [20000000000, "0000000027BC86AA", "SHA512", "47863826"],
];

describe("TOTP (RFC 6238)", () => {
  it.each(VECTORS)("T=%i (counter %s) %s → %s", (seconds, counterHex, algorithm, expected) => {
    expect(Math.floor(seconds / 30)).toBe(parseInt(counterHex, 16));
    const { code, timeRemaining } = totp(SEEDS[algorithm], { algorithm, digits: 8, period: 30 }, seconds * 1000);
    expect(code).toBe(expected);
    expect(timeRemaining).toBe(30 - (seconds % 30));
  });

  it("gives 6 and 7 digit codes as the last digits of the same value, zero-padded", () => {
    expect(totp(SEEDS.SHA1, { algorithm: "SHA1", digits: 6, period: 30 }, 59_000).code).toBe("287082");
    expect(totp(SEEDS.SHA1, { algorithm: "SHA1", digits: 7, period: 30 }, 1111111109_000).code).toBe("7081804");
    // 07081804 as 6 digits keeps its leading zero.
    expect(totp(SEEDS.SHA1, { algorithm: "SHA1", digits: 6, period: 30 }, 1111111109_000).code).toBe("081804");
  });

  it("honours any period: the code holds for the period and changes at its boundary", () => {
    const p = { algorithm: "SHA1", digits: 6, period: 60 } as const;
    expect(totp(SEEDS.SHA1, p, 120_000).code).toBe(totp(SEEDS.SHA1, p, 179_999).code);
    expect(totp(SEEDS.SHA1, p, 179_999).timeRemaining).toBe(1);
    expect(totp(SEEDS.SHA1, p, 180_000).code).toBe(hotp(SEEDS.SHA1, 3, "SHA1", 6));
    expect(totp(SEEDS.SHA1, p, 180_000).code).not.toBe(totp(SEEDS.SHA1, p, 179_999).code);
    expect(totp(SEEDS.SHA1, { ...p, period: 15 }, 59_000).code).toBe(hotp(SEEDS.SHA1, 3, "SHA1", 6));
  });

  it("matches RFC 4226 Appendix D HOTP values", () => {
    expect([0, 1, 2, 3, 9].map((c) => hotp(SEEDS.SHA1, c, "SHA1", 6))).toEqual(["755224", "287082", "359152", "969429", "520489"]);
  });
});

describe("Base32 secrets", () => {
  it("decodes the RFC 4648 vectors and round-trips", () => {
    expect(decodeBase32("MZXW6YTBOI======")!.toString()).toBe("foobar");
    expect(decodeBase32("mzxw 6ytb oi")!.toString()).toBe("foobar");
    expect(encodeBase32(Buffer.from("foobar"))).toBe("MZXW6YTBOI");
    expect(encodeBase32(SEEDS.SHA1)).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(decodeBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")).toEqual(SEEDS.SHA1);
  });

  it("refuses what is not Base32", () => {
    expect(decodeBase32("JBSWY3DP1")).toBeNull(); // 1 is not in the alphabet
    expect(decodeBase32("")).toBeNull();
    expect(normalizeBase32("jbsw-y3dp ehpk-3pxp")).toBe("JBSWY3DPEHPK3PXP");
    expect(() => resolveSecret({ secret: "not base32!" })).toThrow(ValidationError);
  });
});

describe("otpauth:// URIs", () => {
  it("reads the Key URI Format with every parameter", () => {
    const uri = "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60";
    expect(parseOtpauthUri(uri)).toEqual({
      secret: "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ",
      issuer: "ACME Co",
      account: "john.doe@email.com",
      algorithm: "SHA256",
      digits: 8,
      period: 60,
    });
  });

  it("takes the authenticator defaults and the issuer from the label", () => {
    expect(parseOtpauthUri("otpauth://totp/Shop:admin?secret=jbswy3dpehpk3pxp")).toEqual({
      secret: "JBSWY3DPEHPK3PXP",
      issuer: "Shop",
      account: "admin",
      algorithm: "SHA1",
      digits: 6,
      period: 30,
    });
  });

  it("names what is wrong", () => {
    const fail = (uri: string) => {
      try {
        parseOtpauthUri(uri);
      } catch (err) {
        return (err as ValidationError).details[0];
      }
      return null;
    };
    expect(fail("https://example.com")).toMatchObject({ field: "otpauthUri", message: "Must be an otpauth:// URI" });
    expect(fail("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1")?.message).toMatch(/HOTP/);
    expect(fail("otpauth://totp/x")?.message).toMatch(/secret/);
    expect(fail("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5")?.message).toMatch(/algorithm/);
    expect(fail("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=5")?.message).toMatch(/digits/);
    expect(fail("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0")?.message).toMatch(/period/);
  });

  it("lets explicit parameters override the URI's", () => {
    expect(resolveSecret({ otpauthUri: "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=8", digits: 6, issuer: "Mine" })).toMatchObject({
      secret: "JBSWY3DPEHPK3PXP",
      digits: 6,
      issuer: "Mine",
      algorithm: "SHA1",
    });
  });
});
