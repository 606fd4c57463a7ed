import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TASK_TYPES, type TaskRequest } from "../../../shared/src/protocol";
import { writeFixtureModels } from "../../../test/miner/helpers/model-fixtures";
import { grayPng, sampleTask } from "../../../test/miner/helpers/sample-tasks";
import { type InferenceEngine, InputError } from "./engine";
import { createOnnxEngine, loadModelDirs, type OnnxEngineOptions } from "./onnx-engine";
import { createThreadEngine, EngineThreadError } from "./thread-engine";

const options: OnnxEngineOptions = {
  provider: "cpu",
  intraOpThreads: 1,
  interOpThreads: 1,
  batchWindowMs: 2,
  maxBatchRows: 64,
};
let root: string;
let inProcess: InferenceEngine;
let threaded: InferenceEngine;
const batches: { taskType: string; rows: number }[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "miaoai-thread-engine-"));
  await writeFixtureModels(join(root, "models"));
  inProcess = await createOnnxEngine(await loadModelDirs([join(root, "models")]), options);
  threaded = await createThreadEngine([join(root, "models")], {
    ...options,
    onBatch: (taskType, rows) => batches.push({ taskType, rows }),
  });
});
afterAll(async () => {
  await inProcess?.close();
  await threaded?.close();
  await rm(root, { recursive: true, force: true });
});

describe("the ONNX engine on its own thread", () => {
  it("serves the same task types and models as in-process", () => {
    expect([...threaded.taskTypes].sort()).toEqual([...inProcess.taskTypes].sort());
    expect(threaded.describe()).toEqual(inProcess.describe());
  });

  it("gives exactly the in-process answers, for every task type, under concurrency", async () => {
    const tasks: TaskRequest[] = TASK_TYPES.flatMap((t) =>
      Array.from({ length: 24 }, (_, i) => sampleTask(t, i)),
    );
    const [a, b] = await Promise.all([
      Promise.all(tasks.map((t) => threaded.run(t))),
      Promise.all(tasks.map((t) => inProcess.run(t))),
    ]);
    expect(a).toEqual(b);
    // Batches are reported on this thread, and concurrent tasks shared them.
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.length).toBeLessThan(tasks.length);
    expect(batches.every((x) => TASK_TYPES.includes(x.taskType as never) && x.rows >= 1)).toBe(true);
  });

  it("passes an input the model cannot take back as InputError naming the field (a 400)", async () => {
    const task = sampleTask("product_image", 1);
    if (task.taskType !== "product_image") throw new Error("sample must be an image task");
    const bad = { ...task, image: { ...task.image, data: Buffer.from("not a png").toString("base64") } };
    const error = await threaded.run(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe("image.data");
    // The thread is still serving.
    expect(await threaded.run(sampleTask("sentiment", 3))).toEqual(
      await inProcess.run(sampleTask("sentiment", 3)),
    );
  });

  it("drops work whose caller stopped waiting before it ran, and counts what it holds as queue depth", async () => {
    const before = batches.length;
    const late = await threaded
      .run(sampleTask("sentiment", 4), { expiresAt: Date.now() - 1 })
      .catch((e: Error) => e);
    expect((late as Error).message).toBe("the request expired before it ran");
    expect(batches.length).toBe(before);
    const inTime = threaded.run(sampleTask("sentiment", 4), { expiresAt: Date.now() + 60_000 });
    expect(threaded.queueDepth()).toBe(1);
    expect(await inTime).toEqual(await inProcess.run(sampleTask("sentiment", 4)));
    expect(threaded.queueDepth()).toBe(0);
  });

  it("answers a burst of slow requests as they are done, not all at the end of the burst", async () => {
    const image = sampleTask("product_image", 1);
    if (image.taskType !== "product_image") throw new Error("sample must be an image task");
    const big = { ...image.image, data: grayPng(2048, 2048, 3).toString("base64") };
    const burst = Array.from({ length: 12 }, () => ({ ...image, image: big }));
    const answeredAt: number[] = [];
    await Promise.all(burst.map((t) => threaded.run(t).then(() => answeredAt.push(performance.now()))));
    // All in one loop turn of the thread (as before), the twelve answers would arrive together.
    const spread = Math.max(...answeredAt) - Math.min(...answeredAt);
    expect(spread).toBeGreaterThan(50);
  });

  it("takes turns between validators: a burst of large images holds another's request for about one image", async () => {
    const image = sampleTask("product_image", 1);
    if (image.taskType !== "product_image") throw new Error("sample must be an image task");
    const big = { ...image.image, data: grayPng(2048, 2048, 3).toString("base64") };
    const order: string[] = [];
    // Sent in the same turn, so they reach the thread together with the burst first (first come, first served
    // would answer the sentiment last).
    const burst = Array.from({ length: 12 }, (_, i) =>
      threaded.run({ ...image, image: big }, { caller: "5Flooder" }).then(() => order.push(`image${i}`)),
    );
    const other = threaded
      .run(sampleTask("sentiment", 6), { caller: "5Other" })
      .then(() => order.push("sentiment"));
    await Promise.all([...burst, other]);
    expect(order.indexOf("sentiment"), order.join(" ")).toBeLessThanOrEqual(3);
  });

  it("warms up every model through the thread", async () => {
    await expect(threaded.warmUp()).resolves.toBeUndefined();
  });

  it("fails to start with the reason when the folder holds no model, and leaves no thread behind", async () => {
    const empty = join(root, "empty");
    await mkdir(empty);
    const error = await createThreadEngine([empty], options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineThreadError);
    expect((error as Error).message).toMatch(/no manifest\.json found under .*empty/);
  });

  it("starts a new thread after its thread dies: the tasks it held fail, later ones are answered", async () => {
    const logged: string[] = [];
    const engine = await createThreadEngine([join(root, "models")], {
      ...options,
      log: (line) => logged.push(line),
      workerUrl: new URL("../../../test/miner/helpers/mortal-engine-worker.mjs", import.meta.url),
    });
    try {
      const task = sampleTask("sentiment", 5);
      const died = engine.run({ ...task, taskId: "die" } as TaskRequest);
      await expect(died).rejects.toThrow(/inference thread exited \(code 7\)/);
      expect(logged.join("\n")).toMatch(/inference thread exited \(code 7\); starting a new one/);
      // Issued while the new thread is starting: it waits for it.
      expect(await engine.run(task)).toEqual(await inProcess.run(task));
    } finally {
      await engine.close();
    }
  });

  it("after close, a run is refused instead of hanging", async () => {
    const engine = await createThreadEngine([join(root, "models")], options);
    await engine.close();
    await expect(engine.run(sampleTask("sentiment", 1))).rejects.toThrow(EngineThreadError);
  });
});
