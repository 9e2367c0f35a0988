/**
 * Who sent a runtime message or opened a port. The browser fills these fields; a content script
 * cannot forge them. Only the extension's own pages (side panel, popup, options) may edit, read
 * the member's counts or hold a panel port; a content script may only ask for advice, and only
 * from a portal page its manifest lists.
 */
export interface SenderLike {
  id?: string;
  url?: string;
  origin?: string;
  tab?: unknown;
  frameId?: number;
}

/** The extension's id and the origin of its pages (`chrome-extension://<id>`). */
export interface ExtensionIdentity {
  id: string;
  origin: string;
}

/** A page of this extension: the side panel, the popup or the options (also when open in a tab). */
export function isExtensionPage(sender: SenderLike, extension: ExtensionIdentity): boolean {
  if (sender.id !== extension.id) return false;
  // Compared as text: `URL#origin` of a chrome-extension:// URL is "null" outside the browser.
  if (!sender.url?.startsWith(`${extension.origin}/`)) return false;
  return sender.origin === undefined || sender.origin === extension.origin;
}

/**
 * Whether `url` is matched by a manifest match pattern (`<scheme>://<host>/<path>`; `*` in the
 * scheme means http or https, `*.` before a host its subdomains too, `*` in the path any text).
 * Match patterns name no port, so none is compared.
 */
export function matchesPattern(pattern: string, url: URL): boolean {
  const parts = /^(\*|[a-z-]+):\/\/(\*|(?:\*\.)?[^/*]+)(\/.*)$/.exec(pattern);
  if (!parts) return false;
  const [, scheme, host, path] = parts as unknown as [string, string, string, string];
  const protocol = url.protocol.slice(0, -1);
  if (scheme === '*' ? !['http', 'https'].includes(protocol) : scheme !== protocol) return false;
  if (host.startsWith('*.')) {
    const domain = host.slice(2);
    if (url.hostname !== domain && !url.hostname.endsWith(`.${domain}`)) return false;
  } else if (host !== '*' && host !== url.hostname) return false;
  const glob = new RegExp(`^${path.split('*').map(escapeRegExp).join('.*')}$`);
  return glob.test(url.pathname + url.search);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A content script of this extension in the top frame of a tab showing a portal page the manifest
 * lists (`portalPages`: the content script's match patterns).
 */
export function isPortalPage(
  sender: SenderLike,
  extension: ExtensionIdentity,
  portalPages: readonly string[],
): boolean {
  if (sender.id !== extension.id || sender.tab === undefined || sender.tab === null) return false;
  if (sender.frameId !== undefined && sender.frameId !== 0) return false;
  let url: URL;
  try {
    url = new URL(sender.url ?? '');
  } catch {
    return false;
  }
  if (sender.origin !== undefined && sender.origin !== url.origin) return false;
  return portalPages.some((pattern) => matchesPattern(pattern, url));
}
