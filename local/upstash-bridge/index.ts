/**
 * A local Upstash: the Upstash Redis REST API served over a real redis-server, for tests and local runs.
 * `startUpstashBridge` fronts an existing Redis; `startLocalUpstash` starts redis-server too.
 */
export { startUpstashBridge, type UpstashBridge, type UpstashBridgeOptions } from "./bridge";
export { type LocalUpstash, type LocalUpstashOptions, startLocalUpstash } from "./local-upstash";
