// pm2 process file for the MiaoAI miner: `pm2 start miner/ecosystem.config.cjs` from the repository root.
// One process per GPU: give each replica its own PORT and CUDA_VISIBLE_DEVICES; they share Redis (replay
// cache, rate limits, served log) and the hotkey. Put secrets in the wallet files, never in this file.
const shared = {
  script: "miner/bin/miaoai-miner.js",
  args: "start",
  cwd: `${__dirname}/..`,
  interpreter: "node",
  autorestart: true,
  max_restarts: 20,
  restart_delay: 2000,
  kill_timeout: 15000,
  max_memory_restart: "16G",
  time: true,
};

module.exports = {
  apps: [
    {
      ...shared,
      name: "miaoai-miner-gpu0",
      env: {
        NODE_ENV: "production",
        LANG: "C.UTF-8",
        CUDA_VISIBLE_DEVICES: "0",
        PORT: "8091",
        WALLET_NAME: "miner",
        WALLET_HOTKEY: "default",
        NETUID: "", // required: your subnet's netuid (left empty, the miner refuses to start and says so)
        MODELS: "/srv/miaoai/models",
        REDIS_URL: "redis://127.0.0.1:6379",
      },
    },
  ],
};
