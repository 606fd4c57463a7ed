// Types `exports` from "cloudflare:workers" as the validator Worker's entry module.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("../../workers/validator/src/index");
  }
}
