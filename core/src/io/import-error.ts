/**
 * One problem in an imported file. For CSV, `row` is the row as a spreadsheet numbers it (the
 * header is row 1, the first order line row 2) and `column` the header as the file spells it; for
 * JSON, `row` is 0 and `column` the path of the field (`orders.3.history.0.at`).
 */
export interface ImportError {
  row: number;
  column: string | null;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: ImportError[] };

export const slugOf = (name: string): string =>
  name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'unnamed';

export const organizationIdOf = (name: string): string => `org:${slugOf(name)}`;
export const smartAccountIdOf = (name: string): string => `sa:${slugOf(name)}`;
/** Matches `createSmartAccount`'s id for the Default Virtual Account. */
export const defaultVirtualAccountIdOf = (smartAccountId: string): string => `${smartAccountId}/default`;
export const virtualAccountIdOf = (smartAccountId: string, name: string): string =>
  `${smartAccountId}/va:${slugOf(name)}`;
