// The relay process: read configuration, open the embedded store, serve, shut down cleanly.
import pino from 'pino';
import { loadSecret } from './auth/tokens.ts';
import { ConfigError, loadRelayConfig } from './config.ts';
import { createTeamDirectory } from './directory/team-directory.ts';
import { openDatabase } from './persistence/open-database.ts';
import { createSqliteDocumentStore } from './persistence/sqlite-document-store.ts';
import { startRelayServer } from './server/relay-server.ts';
import { createSqliteClientBindings } from './validation/client-bindings.ts';
import { writeFileSync } from 'node:fs';

async function main() {
  let config;
  try {
    config = loadRelayConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
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
    secret: loadSecret(config.dataDir),
    log,
    bindings: createSqliteClientBindings(db),
  });

  const url = `ws://${config.host}:${relay.port}`;
  log.info({ url, dataDir: config.dataDir }, 'relay listening');
  if (config.readyFile) writeFileSync(config.readyFile, JSON.stringify({ port: relay.port, url }));
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
  process.stderr.write(`relay failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
