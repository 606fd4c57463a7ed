// Types `exports` from "cloudflare:workers" as the validator Worker's entry module.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("../../workers/validator/src/index");
  }
}

// The validator Worker's bindings as worker tests see them (queues from wrangler.toml; string vars from
// wrangler.toml and the global setups in vitest.workers.config.ts).
declare namespace Cloudflare {
  interface Env {
    DISPATCH_QUEUE: Queue;
    RESULTS_QUEUE: Queue;
    [name: string]: unknown;
  }
}
