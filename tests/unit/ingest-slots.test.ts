import { describe, expect, it } from "vitest";
import { createSlots } from "@/lib/results/ingest-slots";

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("ingestion slots", () => {
  it("run at most `limit` pieces of work at once, and start the waiting ones in arrival order", async () => {
    const slots = createSlots(2);
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const jobs = [0, 1, 2, 3].map((n) =>
      slots.run(async () => {
        started.push(n);
        await new Promise<void>((resolve) => (finish[n] = resolve));
        return n * 10;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(slots.use()).toEqual({ busy: 2, waiting: 2, limit: 2, peak: 2, waited: 2 });
    finish[1]();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    finish[0]();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    expect(slots.use()).toEqual({ busy: 2, waiting: 0, limit: 2, peak: 2, waited: 2 });
    finish[2]();
    finish[3]();
    expect(await Promise.all(jobs)).toEqual([0, 10, 20, 30]);
    expect(slots.use()).toEqual({ busy: 0, waiting: 0, limit: 2, peak: 2, waited: 2 });
  });

  it("free the slot when the work throws, and pass the error on", async () => {
    const slots = createSlots(1);
    await expect(slots.run(async () => Promise.reject(new Error("deadlock")))).rejects.toThrow("deadlock");
    expect(await slots.run(async () => "next")).toBe("next");
    expect(slots.use()).toEqual({ busy: 0, waiting: 0, limit: 1, peak: 1, waited: 0 });
  });
});
