import pg from 'pg';
import type { ClusterMetrics } from './cluster-metrics.ts';

export interface NotificationListenerOptions {
  url: string;
  /** Shown in pg_stat_activity (an operator, or a fault test, finds the connection by it). */
  applicationName: string;
  channels: readonly string[];
  metrics: ClusterMetrics;
  /** Health query on the LISTEN connection; a connection that does not answer is replaced. */
  pingIntervalMs?: number;
  /** Reconnect back-off: doubles from the first delay up to the cap. */
  retryDelayMs?: { first: number; max: number };
  onError(message: string, error: unknown): void;
}

/**
 * The node's one LISTEN connection. A notification is only a doorbell, so losing the connection
 * loses no data, only the bells rung while it was down: after every (re)connection, once LISTEN is
 * active again, the `connected` handlers run, and the fan-out reads what it may have missed.
 */
export interface NotificationListener {
  on(channel: string, handler: (payload: string) => void): void;
  /** Runs after each connection is listening (the first one too). */
  onConnected(handler: (reconnect: boolean) => void): void;
  /** Resolves when the first connection listens; retries in the background until then. */
  start(): Promise<void>;
  readonly listening: boolean;
  close(): Promise<void>;
}

export function createNotificationListener(options: NotificationListenerOptions): NotificationListener {
  const handlers = new Map<string, ((payload: string) => void)[]>();
  const connectedHandlers: ((reconnect: boolean) => void)[] = [];
  const retry = options.retryDelayMs ?? { first: 50, max: 2_000 };
  let client: pg.Client | null = null;
  let listening = false;
  let closed = false;
  let everConnected = false;
  let delay = retry.first;
  let retryTimer: NodeJS.Timeout | undefined;
  let pingTimer: NodeJS.Timeout | undefined;
  let firstListen: { resolve(): void; promise: Promise<void> } | null = null;

  const lose = (current: pg.Client, error: unknown) => {
    if (client !== current) return;
    client = null;
    listening = false;
    clearInterval(pingTimer);
    current.end().catch(() => undefined);
    if (closed) return;
    options.onError('the LISTEN connection to PostgreSQL was lost; reconnecting', error);
    retryTimer = setTimeout(connect, delay);
    delay = Math.min(delay * 2, retry.max);
  };

  const connect = async () => {
    if (closed) return;
    const current = new pg.Client({
      connectionString: options.url,
      application_name: options.applicationName,
      keepAlive: true,
      // A health query that gets no answer within one interval means the connection is gone.
      query_timeout: options.pingIntervalMs ?? 5_000,
    });
    client = current;
    current.on('error', (error) => lose(current, error));
    current.on('end', () => lose(current, new Error('connection ended')));
    current.on('notification', (message) => {
      for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    try {
      await current.connect();
      await current.query(options.channels.map((channel) => `LISTEN ${pg.escapeIdentifier(channel)}`).join('; '));
    } catch (error) {
      lose(current, error);
      return;
    }
    if (client !== current) return;
    listening = true;
    delay = retry.first;
    const reconnect = everConnected;
    everConnected = true;
    if (reconnect) options.metrics.listenReconnects.inc();
    pingTimer = setInterval(() => {
      current.query('SELECT 1').catch((error: unknown) => lose(current, error));
    }, options.pingIntervalMs ?? 5_000);
    pingTimer.unref();
    for (const handler of connectedHandlers) handler(reconnect);
    firstListen?.resolve();
  };

  return {
    on(channel, handler) {
      if (!options.channels.includes(channel))
        throw new Error(`not listening on "${channel}"; channels: ${options.channels.join(', ')}`);
      handlers.set(channel, [...(handlers.get(channel) ?? []), handler]);
    },
    onConnected(handler) {
      connectedHandlers.push(handler);
    },
    start() {
      if (!firstListen) {
        let resolve!: () => void;
        const promise = new Promise<void>((r) => (resolve = r));
        firstListen = { resolve, promise };
        void connect();
      }
      return firstListen.promise;
    },
    get listening() {
      return listening;
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      clearInterval(pingTimer);
      const current = client;
      client = null;
      listening = false;
      await current?.end().catch(() => undefined);
    },
  };
}
