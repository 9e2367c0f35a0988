// @holdfast/core: the domain model, permissions, rules and checklists — pure, no storage or transport.
// Storage lives in `@holdfast/core/store`; sync in `@holdfast/core/sync` (the client),
// `@holdfast/core/protocol` (the wire contract client and relay share) and `@holdfast/core/relay` (the
// relay's per-document logic and the documents it writes).
export * from './domain/errors.ts';
export * from './domain/common.ts';
export * from './domain/public-email-domains.ts';
export * from './domain/organization.ts';
export * from './domain/smart-account.ts';
export * from './domain/virtual-account.ts';
export * from './domain/member.ts';
export * from './domain/role.ts';
export * from './domain/order-event.ts';
export * from './domain/order.ts';
export * from './domain/lifecycle-state.ts';
export * from './domain/lifecycle-lines.ts';
export * from './domain/lifecycle-transitions.ts';
export * from './domain/lifecycle.ts';
export * from './domain/settings.ts';
export * from './domain/checklist-tick.ts';
export * from './domain/holdfast-snapshot.ts';
export * from './domain/on-hold-bucket.ts';
export * from './domain/account-directory.ts';
export * from './permissions/action.ts';
export * from './permissions/permission-table.ts';
export * from './permissions/role-sources.ts';
export * from './permissions/can.ts';
export * from './permissions/event-action.ts';
export * from './domain/merge-histories.ts';
export * from './citations/citation.ts';
export * from './rules/rule.ts';
export * from './rules/catalogue.ts';
export * from './rules/evaluate-rules.ts';
export * from './rules/group-findings.ts';
export * from './rules/next-step.ts';
export * from './citations/cisco-articles.ts';
export * from './rules/virtual-account-rules.ts';
export * from './checklist/reassignment-checklist.ts';
export * from './checklist/reassignment-options.ts';
