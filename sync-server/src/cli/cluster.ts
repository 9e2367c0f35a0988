// `pnpm cluster`: a try-out cluster on this computer: a throwaway PostgreSQL on loopback, three
// relay nodes on it (ports 1234–1236 by default), the demo team seeded. Ctrl-C stops the nodes
// (sockets closed, documents compacted), then PostgreSQL, and removes the temporary directory.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { startLocalCluster, writePrivateFile, type LocalCluster } from './local-cluster.ts';

const USAGE = `Usage: pnpm cluster [--nodes 3] [--base-port 1234] [--log-level warn]
Starts PostgreSQL (Debian's binaries, a temporary directory, loopback only) and relay nodes on
consecutive loopback ports, seeds the demo team, and stops everything on Ctrl-C.`;

async function main() {
  const { values } = parseArgs({
    options: {
      nodes: { type: 'string', default: '3' },
      'base-port': { type: 'string', default: '1234' },
      'log-level': { type: 'string', default: 'warn' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const nodes = Number(values.nodes);
  const basePort = Number(values['base-port']);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16) throw new UsageError('--nodes takes 1 to 16');
  if (!Number.isInteger(basePort) || basePort < 0 || basePort + nodes > 65536)
    throw new UsageError('--base-port takes a port number (0: any free ports)');

  process.stderr.write('Starting PostgreSQL and the relay nodes…\n');
  let demo = '';
  const cluster = await startLocalCluster({
    nodes,
    basePort,
    relayArgs: ['--log-level', values['log-level']!],
    seedDemo: true,
    onSeeded: (output) => (demo = output),
  });
  // The URL holds the database password: it goes into a 0600 file, never on the screen.
  const storeFile = join(cluster.postgres.root, 'store-url');
  writePrivateFile(storeFile, `${cluster.storeUrl}\n`);
  const member = /--member (\S+)/.exec(demo)?.[1] ?? '<memberId>';
  const admin = `HOLDFAST_RELAY_STORE="$(cat ${storeFile})" pnpm relay-admin --data-dir ${cluster.keysDir}`;
  process.stdout.write(
    [
      '',
      `Holdfast cluster: ${cluster.nodes.length} relay nodes on PostgreSQL (127.0.0.1:${cluster.postgres.port}, data in ${cluster.postgres.root})`,
      ...cluster.nodes.map((node) => `  ${node.name}  ${node.url}   http://127.0.0.1:${node.port}/readyz   /metrics`),
      '',
      demo
        .trim()
        .replace(/^Try: .*$/m, '')
        .trim(),
      'Mint a token (valid on every node):',
      `  ${admin} token mint --member ${member}`,
      'Any relay-admin command works the same way (role revoke, member remove: every node closes the sockets).',
      "Set one node's URL and the token in the extension's options; open another browser profile on another node.",
      'Ctrl-C stops the nodes, then PostgreSQL, and deletes the temporary directory.',
      '',
    ].join('\n'),
  );
  watch(cluster);
}

/** A node that dies on its own takes the try-out down with a message, rather than leaving half a cluster. */
function watch(cluster: LocalCluster) {
  let stopping = false;
  const stop = async (why: string, code: number) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${why}: stopping the relay nodes, then PostgreSQL…\n`);
    await cluster.stop();
    process.stderr.write('Stopped; temporary directory removed.\n');
    process.exit(code);
  };
  for (const node of cluster.nodes)
    node.child.once('exit', (code, signal) => {
      if (stopping) return;
      process.stderr.write(node.output());
      void stop(`${node.name} exited (${signal ?? code})`, 1);
    });
  process.on('SIGINT', () => void stop('Ctrl-C', 0));
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`pnpm cluster: ${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`pnpm cluster failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
