import { ApiPromise, WsProvider } from "@polkadot/api";
import { startLocalChain } from "./local-chain";

const t = Date.now();
const chain = await startLocalChain({
  specPath: `${process.env.HOME}/.cache/miaoai/chain/aura-dev-293.json`,
});
console.log("started", chain.wsUrl, Date.now() - t);
const api = await ApiPromise.create({ provider: new WsProvider(chain.wsUrl), noInitWarn: true });
console.log(api.runtimeVersion.specVersion.toString(), Date.now() - t);
const t2 = Date.now();
console.log(await chain.newBlocks(5), (Date.now() - t2) / 5, "ms/block");
console.log(
  Object.keys(api.tx.subtensorModule)
    .filter((k) => /weight|axon|regist/i.test(k))
    .join(" "),
);
console.log(Object.keys(api.call).join(" "));
console.log(api.registry.signedExtensions.join(" "));
await api.disconnect();
await chain.stop();
