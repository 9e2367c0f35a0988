import { useState } from 'preact/hooks';
import type { HoldfastService } from '../../data/holdfast-service.ts';
import type { ImportError, ImportProgress, OrderChange } from '@holdfast/core/store';

/** Rows of the error table; the rest are counted and offered as a download. */
export const ERRORS_SHOWN = 200;

const csvCell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
/** Every refused row as a spreadsheet the user can sort and work through. */
export const errorsCsv = (errors: readonly ImportError[]): string =>
  ['Row,Column,Problem', ...errors.map((e) => [e.row, e.column, e.message].map(csvCell).join(','))].join('\n') + '\n';

/** What the last import said: a summary with what changed in each order, or every row that was refused. */
export type ImportResult =
  { ok: true; summary: string; changes: OrderChange[] } | { ok: false; errors: ImportError[] } | null;

/** Orders listed with what changed; the rest are counted. */
export const CHANGES_SHOWN = 100;

/** An `.xlsx` workbook is read from its bytes; every other format as text. */
const isWorkbookName = (name: string) => /\.xlsx$/i.test(name);

export interface ImportExportProps {
  service: HoldfastService;
  now: () => Date;
  download(fileName: string, mime: string, text: string): void;
  /** Called with the sales order numbers the import added or updated. */
  onImported(changedOrders: readonly string[]): void;
}

/** Import a CSV export or Holdfast JSON (all or nothing, every row error listed); export a backup. */
export function ImportExport({ service, now, download, onImported }: ImportExportProps) {
  const [result, setResult] = useState<ImportResult>(null);
  const [busy, setBusy] = useState(false);
  /** Null until the file is opened; then its orders read and checked, then saved, of all. */
  const [progress, setProgress] = useState<ImportProgress | null>(null);

  const importFile = async (file: File) => {
    setBusy(true);
    setProgress(null);
    setResult(null);
    try {
      const prefs = await service.preferences.read();
      const content = isWorkbookName(file.name) ? new Uint8Array(await file.arrayBuffer()) : await file.text();
      // Let the "Reading …" state paint before the file is parsed in one go.
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const outcome = await service.importFile(content, file.name, prefs.memberId, now(), setProgress);
      if (outcome.ok) {
        const r = outcome.report;
        const shared = outcome.sync;
        setResult({
          ok: true,
          summary:
            (r.added + r.updated === 0
              ? `Imported ${file.name}: nothing new — ${r.unchanged} order${r.unchanged === 1 ? '' : 's'} unchanged.`
              : `Imported ${file.name}: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged.`) +
            (shared
              ? ` Shared with your team: ${shared.shared}. Kept on this computer only: ${shared.keptLocal} (your roles do not let you share them; see "Kept on this computer" below).` +
                (shared.notImported.length > 0
                  ? ` Not changed: ${shared.notImported.length}, held where your roles do not let you import.`
                  : '')
              : ''),
          // Only updates say what changed; an added order is counted above.
          changes: r.changes.filter((c) => c.kind === 'updated'),
        });
        onImported(r.changedOrders);
      } else setResult({ ok: false, errors: outcome.errors });
    } finally {
      setBusy(false);
    }
  };
  const stamp = () => now().toISOString().slice(0, 10);

  return (
    <section aria-labelledby="data">
      <h2 id="data">1. Import your orders</h2>
      <label for="import-file">
        Import a portal CSV or Excel (.xlsx) export, a CCW order API response or Holdfast JSON
      </label>
      <input
        id="import-file"
        type="file"
        accept=".csv,.xlsx,.json,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        disabled={busy}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void importFile(file);
        }}
      />
      {busy && (
        <div class="progress" data-testid="import-progress">
          <label for="import-bar">
            {progress === null
              ? 'Opening the file…'
              : progress.phase === 'reading'
                ? `Reading and checking the file: ${progress.done} of ${progress.total} orders`
                : `Saving orders: ${progress.done} of ${progress.total}`}
          </label>
          <progress id="import-bar" max={progress?.total || 1} value={progress ? progress.done : undefined} />
        </div>
      )}
      <div aria-live="polite" data-testid="import-result">
        {result?.ok === true && (
          <>
            <p>{result.summary}</p>
            {result.changes.length > 0 && (
              <ul class="small" data-testid="import-changes" aria-label="What changed">
                {result.changes.slice(0, CHANGES_SHOWN).map((c) => (
                  <li key={c.salesOrderNumber}>
                    Order {c.salesOrderNumber}: {c.changes.join(', ') || 'history merged'}
                  </li>
                ))}
                {result.changes.length > CHANGES_SHOWN && (
                  <li>and {result.changes.length - CHANGES_SHOWN} more updated orders</li>
                )}
              </ul>
            )}
          </>
        )}
        {result?.ok === false && (
          <div class="error">
            <p>
              Nothing was imported: {result.errors.length} problem{result.errors.length === 1 ? '' : 's'} to fix first.
            </p>
            <table class="errors small">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.slice(0, ERRORS_SHOWN).map((e, i) => (
                  <tr key={i}>
                    <td>{e.row}</td>
                    <td>{e.column ?? '—'}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {result.errors.length > ERRORS_SHOWN && (
              <p data-testid="more-errors">
                {result.errors.length - ERRORS_SHOWN} more problem{result.errors.length - ERRORS_SHOWN === 1 ? '' : 's'}{' '}
                not shown.{' '}
                <button
                  type="button"
                  onClick={() =>
                    download(`holdfast-import-problems-${stamp()}.csv`, 'text/csv', errorsCsv(result.errors))
                  }
                >
                  Download all {result.errors.length} problems (CSV)
                </button>
              </p>
            )}
          </div>
        )}
      </div>
      <h3>Back up</h3>
      <p class="buttons">
        <button
          type="button"
          onClick={() =>
            void service
              .exportJson(now())
              .then((text) => download(`holdfast-backup-${stamp()}.json`, 'application/json', text))
          }
        >
          Download JSON backup
        </button>{' '}
        <button
          type="button"
          onClick={() =>
            void service.exportCsv().then((text) => download(`holdfast-orders-${stamp()}.csv`, 'text/csv', text))
          }
        >
          Download orders CSV
        </button>
      </p>
    </section>
  );
}
