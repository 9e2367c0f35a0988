import type { DocumentFeeds } from './document-feed.ts';
import type { RelayDocument, RelayDocumentOptions } from './relay-hooks.ts';
import { createRelayDocument } from './relay-document.ts';

/**
 * Opens a document through its feed; rejects if the store fails (nothing stays in memory then).
 * The relay process opens its documents this way; a feed that opens synchronously (the test
 * relay's, in memory) can use {@link createRelayDocument} directly.
 */
export async function openRelayDocument(
  options: RelayDocumentOptions & { feeds: Pick<DocumentFeeds, 'open'> },
): Promise<RelayDocument> {
  const opening = createRelayDocument(options);
  const end = options.events?.timing?.('load');
  try {
    return opening.follow(await options.feeds.open(options.name, opening.apply));
  } catch (error) {
    opening.discard();
    throw error;
  } finally {
    end?.();
  }
}
