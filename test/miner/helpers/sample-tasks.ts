import { deflateSync } from "node:zlib";
import type { TaskRequest, TaskType } from "../../../shared/src/protocol";
import { IMAGE_LABELS, INTENT_LABELS } from "./model-fixtures";

const TEXTS = [
  "Where is my order? It has been two weeks.",
  "I want a refund for the broken headphones",
  "我的包裹什么时候到？",
  "注文をキャンセルしたいです",
  "Great service, thank you so much!",
  "The shoes arrived damaged and nobody answers my emails",
  "Can you change the shipping address to Berlin?",
  "hello",
];

/** A valid request of `taskType`, varied by `i` so batches hold different inputs. */
export function sampleTask(taskType: TaskType, i: number): TaskRequest {
  const base = { protocolVersion: 1, taskId: `t-${taskType}-${i}`, deadlineMs: 10_000 } as const;
  const text = TEXTS[i % TEXTS.length] as string;
  switch (taskType) {
    case "intent_classification":
      return {
        ...base,
        taskType,
        language: "en",
        text,
        labels: INTENT_LABELS.slice(0, 3 + (i % 4)),
      } as TaskRequest;
    case "sentiment":
      return { ...base, taskType, language: "en", text } as TaskRequest;
    case "product_image":
      return {
        ...base,
        taskType,
        image: { mediaType: "image/png", data: grayPng(28, 28, i).toString("base64") },
        categories: IMAGE_LABELS,
      } as TaskRequest;
    case "response_selection":
      return {
        ...base,
        taskType,
        language: "en",
        turns: [
          { speaker: "customer", text },
          { speaker: "agent", text: "Let me check that for you." },
        ],
        candidates: Array.from({ length: 3 + (i % 5) }, (_, k) => ({
          id: `c${k}`,
          text: TEXTS[(i + k + 1) % TEXTS.length] as string,
        })),
      } as TaskRequest;
  }
}

/** An 8-bit grayscale PNG with a pattern depending on `seed`. */
export function grayPng(width: number, height: number, seed: number): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = (x * 7 + y * 13 + seed * 29) & 0xff;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
