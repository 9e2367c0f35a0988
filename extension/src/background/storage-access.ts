/** The part of a storage area this needs; `setAccessLevel` is missing where the browser lacks it. */
export interface AccessLevelArea {
  setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void>;
}

/**
 * Keeps `storage.local` — the relay token and the member chosen — out of content scripts' reach:
 * they run beside pages Holdfast does not control. Chrome lets an extension restrict the area to
 * its own pages and worker (session storage is restricted already); Firefox supports this for
 * session storage only, so there `storage.local` stays readable by the content script (the
 * extension README says so). Returns whether the area is restricted.
 */
export async function restrictToExtensionPages(area: AccessLevelArea): Promise<boolean> {
  if (typeof area.setAccessLevel !== 'function') return false;
  await area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  return true;
}
