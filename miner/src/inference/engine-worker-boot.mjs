// The inference thread's bootstrap: a worker thread does not inherit the main thread's `--import tsx` hooks
// (Node 20), so it registers tsx itself before loading the TypeScript entry point.
import { register } from "tsx/esm/api";

register();
await import("./engine-worker.ts");
