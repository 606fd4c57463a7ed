/**
 * Loads chopsticks lazily. Its loggers read LOG_LEVEL once, at import, and log every block at "info";
 * importing after defaulting LOG_LEVEL to "warn" keeps test output readable (set LOG_LEVEL to override).
 */
export async function loadChopsticks() {
  process.env.LOG_LEVEL ??= "warn";
  const [core, cli] = await Promise.all([
    import("@acala-network/chopsticks-core"),
    import("@acala-network/chopsticks"),
  ]);
  return { core, setupWithServer: cli.setupWithServer };
}
