/** The whole subnet on one machine (`npm run devnet`): redis, local Upstash, miners, the validator Worker, a chain. */
export { BEHAVIOUR_DESCRIPTIONS, BEHAVIOURS, type Behaviour, behaviourSchema, planRoster } from "./behaviour";
export { type Devnet, type DevnetHooks, type DevnetMinerInfo, type RoundReport, startDevnet } from "./devnet";
export { type DevnetInput, type DevnetOptions, devnetOptionsSchema, parseDevnetArgs } from "./devnet-options";
export { type MinerRow, renderTable } from "./progress-table";
