/**
 * Which relay URLs Holdfast connects to. The relay token travels in the connection, so it must be
 * encrypted (`wss://`) unless the relay runs on this computer, where `ws://` never leaves it.
 */
export type RelayUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** `localhost`, the 127.0.0.0/8 block and `[::1]`: addresses that stay on this computer. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

export function checkRelayUrl(value: string): RelayUrlCheck {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: 'the relay URL must start with wss:// (or ws:// for a relay on this computer)' };
  }
  if (url.protocol === 'wss:') return { ok: true, url };
  if (url.protocol === 'ws:' && isLoopbackHost(url.hostname)) return { ok: true, url };
  if (url.protocol === 'ws:')
    return {
      ok: false,
      reason: `ws:// would send your token unencrypted to ${url.host}; use wss:// (ws:// is allowed only for a relay on this computer: localhost or 127.0.0.1)`,
    };
  return { ok: false, reason: 'the relay URL must start with wss:// (or ws:// for a relay on this computer)' };
}
