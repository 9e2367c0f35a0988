import { useState } from 'preact/hooks';
import type { HoldfastService } from '../../data/holdfast-service.ts';
import type { ImportError } from '@holdfast/core/store';

/** What the last import said: a summary, or every row that was refused. */
export type ImportResult = { ok: true; summary: string } | { ok: false; errors: ImportError[] } | null;

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

  const importFile = async (file: File) => {
    setBusy(true);
    try {
      const prefs = await service.preferences.read();
      const outcome = await service.importFile(await file.text(), file.name, prefs.memberId, now());
      if (outcome.ok) {
        const r = outcome.report;
        setResult({
          ok: true,
          summary: `Imported ${file.name}: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged.`,
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
      <label for="import-file">Import a portal CSV export or Holdfast JSON</label>
      <input
        id="import-file"
        type="file"
        accept=".csv,.json,text/csv,application/json"
        disabled={busy}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void importFile(file);
        }}
      />
      <div aria-live="polite" data-testid="import-result">
        {result?.ok === true && <p>{result.summary}</p>}
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
                {result.errors.slice(0, 200).map((e, i) => (
                  <tr key={i}>
                    <td>{e.row}</td>
                    <td>{e.column ?? '—'}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
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
