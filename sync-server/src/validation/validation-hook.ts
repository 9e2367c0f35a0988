// The write validation hook and the refusal it throws are the relay's pure per-document logic,
// shared with the test relay: they live in core (`core/src/sync/relay-logic/`).
export { RefusedUpdateError, writeValidationHook } from '@holdfast/core/relay';
