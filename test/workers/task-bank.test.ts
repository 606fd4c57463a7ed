import { describe, expect, it } from "vitest";
import { taskRequestSchema } from "../../shared/src/protocol/messages";
import { createTaskBank } from "../../shared/src/tasks/task-bank";

// The validator Worker imports the task bank: prove it draws every task type inside workerd.
describe("task bank inside workerd", () => {
  it("draws valid requests of all four types with the built-in generator", () => {
    expect(navigator.userAgent).toBe("Cloudflare-Workers");
    const bank = createTaskBank({ seed: "workerd" });
    const types = new Set<string>();
    for (let slot = 0; slot < 40; slot++) {
      const d = bank.draw({ round: 1, slot, minerSeed: "m" });
      expect(taskRequestSchema.safeParse(d.request).success).toBe(true);
      types.add(d.request.taskType);
    }
    expect(types.size).toBe(4);
  });
});
