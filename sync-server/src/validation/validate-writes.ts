// The write validation decision is the relay's pure per-document logic, shared with the test relay:
// it lives in core (`core/src/sync/relay-logic/write-validation.ts`). The relay passes its team
// directory (a `WriterDirectory`); the document's client-id bindings come with each update (they
// are stored with the updates that make them: core's relay-logic/client-bindings.ts).
export {
  createWriteValidator,
  writeRightsOn,
  type WriteValidator,
  type WriteValidatorOptions,
  type WriterDirectory,
} from '@holdfast/core/relay';
