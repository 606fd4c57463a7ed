// pm2 process file for the MiaoAI miner: `pm2 start miner/ecosystem.config.cjs` from the repository root.
// One process per GPU: give each replica its own PORT and CUDA_VISIBLE_DEVICES; they share Redis (replay
// cache, rate limits, served log) and the hotkey. Put secrets in the wallet files, never in this file.
// Settings come from the shell that runs `pm2 start` (NETUID=2 MODELS=/srv/m pm2 start ...), else the defaults
// below; any other variable of docs/running_miner.md can be added to `env` the same way.
const fromShell = (name, fallback) => process.env[name] ?? fallback;

const shared = {
  script: "miner/bin/miaoai-miner.js",
  args: "start",
  cwd: `${__dirname}/..`,
  interpreter: "node",
  autorestart: true,
  // Exit 2 is a configuration error (a missing NETUID...): restarting cannot fix it, so pm2 shows it stopped.
  stop_exit_codes: [2],
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
        CUDA_VISIBLE_DEVICES: fromShell("CUDA_VISIBLE_DEVICES", "0"),
        PORT: fromShell("PORT", "8091"),
        WALLET_NAME: fromShell("WALLET_NAME", "miner"),
        WALLET_HOTKEY: fromShell("WALLET_HOTKEY", "default"),
        // Required: your subnet's netuid (left empty, the miner refuses to start and says so).
        NETUID: fromShell("NETUID", ""),
        MODELS: fromShell("MODELS", "/srv/miaoai/models"),
        REDIS_URL: fromShell("REDIS_URL", "redis://127.0.0.1:6379"),
      },
    },
  ],
};
