// The relay process: read configuration, open the embedded store, serve, shut down cleanly.
import pino from 'pino';
import { loadKeyRing, WeakSecretError } from './auth/signing-keys.ts';
import { ConfigError, loadRelayConfig } from './config.ts';
import { createTeamDirectory } from './directory/team-directory.ts';
import { openDatabase } from './persistence/open-database.ts';
import { createSqliteDocumentStore } from './persistence/sqlite-document-store.ts';
import { StartupError, startRelayServer } from './server/relay-server.ts';
import { createSqliteClientBindings } from './validation/client-bindings.ts';
import { renameSync, writeFileSync } from 'node:fs';

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
  const db = openDatabase(config.dataDir, config.durability);
  const directory = createTeamDirectory(db);
  const relay = await startRelayServer({
    config,
    store: createSqliteDocumentStore(db),
    directory,
    keys: loadKeyRing(config.dataDir),
    log,
    bindings: createSqliteClientBindings(db),
  });

  const url = `ws://${config.host}:${relay.port}`;
  log.info({ url, dataDir: config.dataDir }, 'relay listening');
  if (config.readyFile) {
    // Written whole, then renamed into place: whoever waits for the file never reads half of it.
    writeFileSync(`${config.readyFile}.tmp`, JSON.stringify({ port: relay.port, url }));
    renameSync(`${config.readyFile}.tmp`, config.readyFile);
  }
  process.stderr.write(
    [
      '',
      `Holdfast relay listening on ${url} (data in ${config.dataDir})`,
      directory.isEmpty()
        ? 'The team directory is empty. Seed a demo team:   pnpm relay-admin demo'
        : 'Team directory loaded.',
      'Mint a token for a member:                    pnpm relay-admin token mint --member <memberId>',
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
    db.close();
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
