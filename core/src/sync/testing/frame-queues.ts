// The test relay's wire: a WebSocketLike per client whose frames (and open and close events) wait
// in one FIFO per connection and direction until the test delivers them — in order, shuffled,
// duplicated or dropped.
import { WS_OPEN, type WebSocketLike } from '../websocket-like.ts';

export class MemorySocket implements WebSocketLike {
  binaryType = 'blob';
  readyState = 0;
  readonly OPEN = WS_OPEN;
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  constructor(
    readonly url: string,
    private readonly relay: {
      send(socket: MemorySocket, data: Uint8Array): void;
      clientClose(socket: MemorySocket): void;
    },
  ) {}
  send(data: Uint8Array): void {
    if (this.readyState !== WS_OPEN)
      throw new Error(`send() on a socket in state ${this.readyState}; only an open socket (1) can send.`);
    this.relay.send(this, new Uint8Array(data));
  }
  close(): void {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    this.relay.clientClose(this);
  }
}

type Direction = 'to-server' | 'to-client';

/** What the queues need of a connection. */
export interface QueuedConnection {
  readonly id: number;
  readonly socket: MemorySocket;
  /** Every frame delivered to the client, for isolation checks. */
  received: Uint8Array[];
}

export interface Entry<C extends QueuedConnection> {
  connection: C;
  direction: Direction;
  kind: 'open' | 'message' | 'close';
  data?: Uint8Array;
  code?: number;
}

export interface FrameQueues<C extends QueuedConnection> {
  enqueue(entry: Entry<C>): void;
  /** Forgets what waits for one direction of a connection (it closed). */
  drop(connection: C, direction: Direction): void;
  pendingCount(): number;
  flush(): void;
  deliverRandom(random: () => number, chances?: { duplicate?: number; drop?: number }): void;
}

/** `serverReceive` is the relay's side: it gets every frame a client sent, when delivered. */
export function createFrameQueues<C extends QueuedConnection>(
  serverReceive: (connection: C, data: Uint8Array) => void,
): FrameQueues<C> {
  const queues = new Map<string, Entry<C>[]>(); // `${connection.id}:${direction}` → FIFO
  const nonEmpty = (): Entry<C>[][] => [...queues.values()].filter((q) => q.length > 0);
  const deliver = (entry: Entry<C>): void => {
    const { connection, direction } = entry;
    const socket = connection.socket;
    if (direction === 'to-server') {
      if (entry.kind === 'message') serverReceive(connection, entry.data!);
      return;
    }
    if (entry.kind === 'open') {
      socket.readyState = WS_OPEN;
      socket.onopen?.({});
      return;
    }
    if (entry.kind === 'close') {
      if (socket.readyState === 3) return;
      socket.readyState = 3;
      socket.onclose?.({ code: entry.code ?? 1006, reason: '' });
      return;
    }
    if (socket.readyState !== WS_OPEN) return;
    connection.received.push(entry.data!);
    socket.onmessage?.({ data: entry.data!.slice().buffer });
  };

  return {
    enqueue(entry) {
      const key = `${entry.connection.id}:${entry.direction}`;
      const queue = queues.get(key) ?? [];
      queue.push(entry);
      queues.set(key, queue);
    },
    drop: (connection, direction) => void queues.delete(`${connection.id}:${direction}`),
    pendingCount: () => nonEmpty().reduce((n, q) => n + q.length, 0),
    flush() {
      for (let queue = nonEmpty()[0]; queue; queue = nonEmpty()[0]) deliver(queue.shift()!);
    },
    deliverRandom(random, chances = {}) {
      const all = nonEmpty();
      if (all.length === 0) return;
      const queue = all[Math.floor(random() * all.length)]!;
      if (queue[0]!.kind !== 'message') return deliver(queue.shift()!);
      let messages = 0;
      while (messages < queue.length && queue[messages]!.kind === 'message') messages++;
      const [entry] = queue.splice(Math.floor(random() * messages), 1);
      if (random() < (chances.drop ?? 0)) return;
      deliver(entry!);
      if (random() < (chances.duplicate ?? 0)) deliver(entry!);
    },
  };
}
