import { HOLDFAST_FORMAT, holdfastSnapshotSchema, type HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import type { KnownDirectory } from './csv-directory.ts';
import type { ImportError, ParseResult } from './import-error.ts';
import { parseHoldfastJson } from './parse-holdfast-json.ts';
import { isCcwOrderJson, parseCcwOrderJson } from './parse-ccw-order-json.ts';
import { parseOrdersCsv, type ParsedOrders } from './parse-orders-csv.ts';

export interface ReadOrdersFileOptions {
  fileName: string;
  now: Date;
  by?: string;
  known?: KnownDirectory;
}

/** JSON when the name ends in .json or the text starts with `{` or `[`; CSV otherwise. */
export const isJsonFile = (text: string, fileName: string): boolean =>
  /\.json$/i.test(fileName) || /^\uFEFF?\s*[{[]/.test(text);

/**
 * Reads an orders file, CSV export or Holdfast JSON (sniffed), into a HoldfastSnapshot, or
 * returns every error. A CSV yields the orders and the accounts and organisations it implies.
 */
export function readOrdersFile(text: string, options: ReadOrdersFileOptions): ParseResult<HoldfastSnapshot> {
  if (isJsonFile(text, options.fileName)) {
    let json: unknown = undefined;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      // parseHoldfastJson reports the syntax error.
    }
    if (json !== undefined && isCcwOrderJson(json)) return snapshotOf(parseCcwOrderJson(json, options), options);
    return parseHoldfastJson(text);
  }
  return snapshotOf(parseOrdersCsv(text, options), options);
}

/** Order rows read from any export (CSV, worksheet, order API) as a snapshot with the accounts they imply. */
export function snapshotOf(
  parsed: ParseResult<ParsedOrders>,
  options: Pick<ReadOrdersFileOptions, 'now' | 'known'>,
): ParseResult<HoldfastSnapshot> {
  if (!parsed.ok) return parsed;
  const known = options.known ?? { organizations: [], smartAccounts: [], virtualAccounts: [] };
  const { orders, organizations, smartAccounts, virtualAccounts } = parsed.value;
  // Known accounts the file refers to travel with it, so the snapshot's references resolve on their
  // own: where orders were placed, and where lines in other places were moved to.
  const usedAccounts = new Set(
    orders.flatMap((o) =>
      o.history.flatMap((e) => {
        const to = e.type === 'reassignment-started' ? e.target : 'assignment' in e ? e.assignment : null;
        return to ? [to.smartAccountId] : [];
      }),
    ),
  );
  const knownAccounts = known.smartAccounts.filter(
    (a) => usedAccounts.has(a.id) && !smartAccounts.some((s) => s.id === a.id),
  );
  const allAccounts = [...knownAccounts, ...smartAccounts];
  const allAccountIds = new Set(allAccounts.map((a) => a.id));
  const allOrgIds = new Set([
    ...allAccounts.map((a) => a.organizationId),
    ...orders.flatMap((o) => (o.reseller?.organizationId ? [o.reseller.organizationId] : [])),
  ]);
  const snapshot = holdfastSnapshotSchema.safeParse({
    format: HOLDFAST_FORMAT,
    exportedAt: options.now.toISOString(),
    organizations: [
      ...known.organizations.filter((o) => allOrgIds.has(o.id) && !organizations.some((n) => n.id === o.id)),
      ...organizations,
    ],
    smartAccounts: allAccounts,
    virtualAccounts: [
      ...known.virtualAccounts.filter(
        (va) => allAccountIds.has(va.smartAccountId) && !virtualAccounts.some((n) => n.id === va.id),
      ),
      ...virtualAccounts,
    ],
    orders,
  });
  if (snapshot.success) return { ok: true, value: snapshot.data };
  const errors: ImportError[] = snapshot.error.issues.map((issue) => ({
    row: 0,
    column: issue.path.join('.'),
    message: issue.message,
  }));
  return { ok: false, errors };
}
