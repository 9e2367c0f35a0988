// The completeness check is the relay's pure per-document logic, shared with the test relay: it lives in core.
export { checkUpdateComplete, hasPendingContent } from '@holdfast/core';
