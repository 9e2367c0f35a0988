/**
 * @holdfast/core/relay — what the relay process runs from core: the per-document logic (completeness
 * check, write validation, the document that answers sync steps and says who is present), the
 * update checks, and the member and directory documents it writes. The test relay runs the same.
 */
export * from './relay-logic/index.ts';
export * from './update-checks.ts';
export * from './member-doc.ts';
export * from './directory-doc.ts';
