import { HOLDFAST_FORMAT, type HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import { checkSnapshot, checkSnapshotInSteps, type ReadProgress } from './check-snapshot-in-steps.ts';
import type { KnownDirectory } from './csv-directory.ts';
import type { ParseResult } from './import-error.ts';
import { isCcwOrderJson, parseCcwOrderJson } from './parse-ccw-order-json.ts';
import type { ParsedOrders } from './parse-order-records.ts';
import { parseOrdersCsv } from './parse-orders-csv.ts';

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
  const input = ordersFileInput(text, options);
  return input.ok ? checkSnapshot(input.value) : input;
}

/**
 * As {@link readOrdersFile}, reporting how many orders are read and checked as it goes and letting
 * the page paint between steps: for an import's progress bar.
 */
export async function readOrdersFileInSteps(
  text: string,
  options: ReadOrdersFileOptions & { onProgress: ReadProgress },
): Promise<ParseResult<HoldfastSnapshot>> {
  const input = ordersFileInput(text, options);
  return input.ok ? checkSnapshotInSteps(input.value, options.onProgress) : input;
}

/** The file as a snapshot not yet checked, or why it is not one. */
function ordersFileInput(text: string, options: ReadOrdersFileOptions): ParseResult<unknown> {
  if (isJsonFile(text, options.fileName)) {
    let json: unknown;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      return { ok: false, errors: [{ row: 0, column: null, message: `not JSON: ${(error as Error).message}` }] };
    }
    return isCcwOrderJson(json) ? snapshotInput(parseCcwOrderJson(json, options), options) : { ok: true, value: json };
  }
  return snapshotInput(parseOrdersCsv(text, options), options);
}

/** Order rows read from any export (CSV, worksheet, order API) as a snapshot with the accounts they imply. */
export function snapshotOf(
  parsed: ParseResult<ParsedOrders>,
  options: Pick<ReadOrdersFileOptions, 'now' | 'known'>,
): ParseResult<HoldfastSnapshot> {
  const input = snapshotInput(parsed, options);
  return input.ok ? checkSnapshot(input.value) : input;
}

/** The snapshot a file's order rows imply, not yet checked. */
export function snapshotInput(
  parsed: ParseResult<ParsedOrders>,
  options: Pick<ReadOrdersFileOptions, 'now' | 'known'>,
): ParseResult<unknown> {
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
  return {
    ok: true,
    value: {
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
    },
  };
}
