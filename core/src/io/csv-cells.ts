import { z } from 'zod';
import { emailDomainSchema } from '../domain/common.ts';
import type { CSV_COLUMNS } from './csv-columns.ts';
import { ACCOUNT_TYPES, BUYING_PROGRAM_NAMES, LINE_STATUSES, normaliseHeader, type CsvColumn } from './csv-columns.ts';

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

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `15-Jan-2026` (as CCW exports write dates) as `2026-01-15`, or null for any other form. */
function dayMonthYear(value: string): string | null {
  const match = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(value);
  const month = match ? MONTHS.indexOf(match[2]!.toLowerCase()) : -1;
  if (!match || month < 0) return null;
  return `${match[3]}-${String(month + 1).padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
}

/**
 * A date as a spreadsheet writes it (2026-01-31), as CCW exports write it (15-Jan-2026), or an
 * ISO-8601 instant (2026-01-15T10:00:00Z); dates without a time are taken at 00:00 UTC. A day that
 * does not exist (31-Feb-2026) is refused rather than rolled over.
 */
const date = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const day = dayMonthYear(value) ?? (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null);
    const iso = day ? `${day}T00:00:00.000Z` : value;
    const ms = /^\d{4}-\d{2}-\d{2}T/.test(iso) ? Date.parse(iso) : Number.NaN;
    if (Number.isNaN(ms) || (day !== null && new Date(ms).toISOString().slice(0, 10) !== day)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not a date; write it as YYYY-MM-DD, DD-Mon-YYYY (15-Jan-2026) or an ISO-8601 instant`,
      });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  });

/** A line id: "3", or CCW's dotted form "1.0", "1.1". Kept as written. */
const lineId = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)*$/, 'must be a line number such as 1, or a CCW line id such as 1.0 or 2.1')
  .refine((v) => !/^0+(\.0+)*$/.test(v), 'must not be line 0');

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
  lineNumber: lineId,
  sku: text,
  quantity: positiveInt('the quantity'),
  termMonths: positiveInt('the term in months'),
  lineStatus: oneOf(LINE_STATUSES, 'line status'),
  shippedDate: date,
  endCustomerSmartAccount: text,
  buyingProgram: oneOf(BUYING_PROGRAM_NAMES, 'buying program'),
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
  distributorDomain: emailDomainSchema,
  billTo: text,
  lastReviewed: date,
} satisfies Record<CsvColumn, z.ZodType<unknown, string>>;

export type CsvLine = {
  [K in CsvColumn]: (typeof CSV_COLUMNS)[K]['required'] extends true
    ? z.output<(typeof CELL_SCHEMAS)[K]>
    : z.output<(typeof CELL_SCHEMAS)[K]> | null;
};
