// The feed interface is what the relay's per-document logic (core's `sync/relay-logic/`) is written
// against, so it lives beside that logic in core; the relay's stores implement it here.
export {
  STORED_ORIGIN,
  type ClientBinding,
  type DocumentFeed,
  type DocumentFeeds,
  type FeedChange,
  type PreparedUpdate,
} from '@holdfast/core/relay';
