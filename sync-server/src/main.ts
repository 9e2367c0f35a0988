// The relay process: read configuration, open the store (embedded SQLite or PostgreSQL), serve, shut down cleanly.
import pino from 'pino';
import { renameSync, writeFileSync } from 'node:fs';
import { loadKeyRing, WeakSecretError } from './auth/signing-keys.ts';
import { openClusterStore } from './cluster/cluster-relay.ts';
import { redactedUrl, storeChoice } from './cluster/cluster-settings.ts';
import { ConfigError, loadRelayConfig } from './config.ts';
import { openEmbeddedStore } from './relay-store.ts';
import { StartupError, startRelayServer } from './server/relay-server.ts';

async function main() {
  let config;
  try {
    config = loadRelayConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (
      error instanceof ConfigError ||
      (error instanceof Error && 'code' in error && error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    ) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = pino({ level: config.logLevel, base: { service: 'holdfast-relay' } });
  // Signing keys stay files in the data directory (or HOLDFAST_RELAY_SECRET) on every node, never
  // in the shared database: see "Running several nodes" in sync-server/README.md.
  const keys = loadKeyRing(config.dataDir);
  const choice = storeChoice(config.store);
  const store =
    choice.kind === 'sqlite'
      ? openEmbeddedStore(config.dataDir, config.durability, (message, error) => log.error({ err: error }, message))
      : await openClusterStore({
          url: choice.url,
          nodeName: config.nodeName,
          pollIntervalMs: config.clusterPollMs,
          fanOutLagBoundMs: config.fanOutLagBoundMs,
          log,
        }).catch((error: unknown) => {
          // One line the operator acts on, naming the database without its password.
          throw new StartupError(
            `PostgreSQL at ${redactedUrl(choice.url)} could not be opened: ${(error as Error).message}`,
          );
        });
  const relay = await startRelayServer({
    config,
    feeds: store.feeds,
    directory: store.directory,
    readiness: store.readiness,
    hooks: store.hooks,
    writesServerDocs: store.writesServerDocs,
    fillInServerDocsAfterMs: store.fillInServerDocsAfterMs,
    registries: store.registries,
    keys,
    log,
  });
  store.attach(relay);

  const url = `ws://${config.host}:${relay.port}`;
  log.info({ url, store: store.description }, 'relay listening');
  if (config.readyFile) {
    // Written whole, then renamed into place: whoever waits for the file never reads half of it.
    writeFileSync(`${config.readyFile}.tmp`, JSON.stringify({ port: relay.port, url }));
    renameSync(`${config.readyFile}.tmp`, config.readyFile);
  }
  const admin = choice.kind === 'sqlite' ? 'pnpm relay-admin' : 'pnpm relay-admin --store <the same URL>';
  process.stderr.write(
    [
      '',
      `Holdfast relay listening on ${url} (${store.description})`,
      store.directory.isEmpty()
        ? `The team directory is empty. Seed a demo team:   ${admin} demo`
        : 'Team directory loaded.',
      `Mint a token for a member:                    ${admin} token mint --member <memberId>`,
      "Then set the relay URL and token in the extension's options. Health: /healthz, /readyz, /metrics",
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: closing sockets, compacting documents');
    await relay.close();
    await store.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  // What the operator must fix is one line; anything else keeps its stack.
  if (error instanceof StartupError || error instanceof WeakSecretError) {
    process.stderr.write(`relay did not start: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`relay failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
