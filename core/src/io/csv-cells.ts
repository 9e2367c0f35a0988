import { z } from 'zod';
import { emailDomainSchema } from '../domain/common.ts';
import type { CSV_COLUMNS } from './csv-columns.ts';
import { ACCOUNT_TYPES, LINE_STATUSES, normaliseHeader, type CsvColumn } from './csv-columns.ts';

const text = z.string().trim().min(1, 'must not be empty');
/** A count such as a quantity: a negative one is called negative, not "not a whole number". */
const positiveInt = (label: string) =>
  z
    .string()
    .trim()
    .transform((value, ctx) => {
      const fail = (message: string) => {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      };
      if (/^-\d+(\.\d+)?$/.test(value)) return fail(`"${value}" is negative; it must be at least 1 (${label})`);
      if (!/^\d+$/.test(value)) return fail(`"${value}" is not a whole number (${label})`);
      const n = Number(value);
      return n >= 1 ? n : fail(`must be at least 1 (${label})`);
    });

/** A date as a spreadsheet writes it (2026-01-31) or an ISO instant; dates are taken at 00:00 UTC. */
const date = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value;
    const ms = /^\d{4}-\d{2}-\d{2}T/.test(iso) ? Date.parse(iso) : Number.NaN;
    if (Number.isNaN(ms)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not a date; write it as YYYY-MM-DD or an ISO-8601 instant`,
      });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  });

const oneOf = <T>(map: ReadonlyMap<string, T>, label: string) =>
  z.string().transform((value, ctx) => {
    const found = map.get(normaliseHeader(value));
    if (found === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not a ${label}; use one of ${[...new Set(map.values())].join(', ')}`,
      });
      return z.NEVER;
    }
    return found;
  });

/** The zod schema of each cell; empty optional cells are null before they reach it. */
export const CELL_SCHEMAS = {
  salesOrderNumber: text,
  webOrderId: text,
  poNumber: text,
  orderDate: date,
  endCustomerName: text,
  endCustomerDomain: emailDomainSchema,
  lineNumber: positiveInt('the line number'),
  sku: text,
  quantity: positiveInt('the quantity'),
  termMonths: positiveInt('the term in months'),
  lineStatus: oneOf(LINE_STATUSES, 'line status'),
  smartAccount: text,
  smartAccountType: oneOf(ACCOUNT_TYPES, 'Smart Account type'),
  smartAccountDomain: emailDomainSchema,
  smartAccountStatus: z.string().transform((value, ctx) => {
    const v = normaliseHeader(value);
    if (v === 'active' || v === 'pending') return v;
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a Smart Account status; use active or pending` });
    return z.NEVER;
  }),
  virtualAccount: text,
  reseller: text,
  resellerDomain: emailDomainSchema,
  distributor: text,
  lastReviewed: date,
} satisfies Record<CsvColumn, z.ZodType<unknown, string>>;

export type CsvLine = {
  [K in CsvColumn]: (typeof CSV_COLUMNS)[K]['required'] extends true
    ? z.output<(typeof CELL_SCHEMAS)[K]>
    : z.output<(typeof CELL_SCHEMAS)[K]> | null;
};
