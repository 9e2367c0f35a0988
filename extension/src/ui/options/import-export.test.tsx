// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HoldfastService } from '../../data/holdfast-service.ts';
import { createPreferences, memoryArea } from '../../data/preferences.ts';
import { ERRORS_SHOWN, errorsCsv, ImportExport } from './import-export.tsx';

afterEach(cleanup);

describe('the import on the options page', () => {
  it('counts the problems beyond those shown and offers every one as a download', async () => {
    const errors = Array.from({ length: ERRORS_SHOWN + 42 }, (_, i) => ({
      row: i + 2,
      column: 'Quantity',
      message: `"-${i}" is negative, "really"`,
    }));
    const service = {
      preferences: createPreferences(memoryArea()),
      importFile: async () => ({ ok: false, errors }),
    } as unknown as HoldfastService;
    const download = vi.fn();
    render(
      <ImportExport
        service={service}
        now={() => new Date('2026-11-23T00:00:00Z')}
        download={download}
        onImported={() => {}}
      />,
    );
    const file = new File(['x'], 'big.csv', { type: 'text/csv' });
    fireEvent.change(screen.getByLabelText(/Import a portal CSV/), { target: { files: [file] } });
    expect((await screen.findByTestId('more-errors')).textContent).toContain('42 more problems not shown');
    fireEvent.click(screen.getByRole('button', { name: `Download all ${ERRORS_SHOWN + 42} problems (CSV)` }));
    expect(download).toHaveBeenCalledWith('holdfast-import-problems-2026-11-23.csv', 'text/csv', errorsCsv(errors));
    expect(errorsCsv(errors).split('\n')[1]).toBe('2,Quantity,"""-0"" is negative, ""really"""');
  });

  it('lists what changed in each updated order, and says when a re-import brings nothing new', async () => {
    const reports = [
      {
        added: 1,
        updated: 1,
        unchanged: 3,
        newSmartAccounts: 0,
        newVirtualAccounts: 0,
        changedOrders: ['SO-1', 'SO-2'],
        changes: [
          { salesOrderNumber: 'SO-1', kind: 'added', changes: [] },
          { salesOrderNumber: 'SO-2', kind: 'updated', changes: ['line 1.0: Booked → Shipped', 'line 2.0 added'] },
        ],
      },
      {
        added: 0,
        updated: 0,
        unchanged: 5,
        newSmartAccounts: 0,
        newVirtualAccounts: 0,
        changedOrders: [],
        changes: [],
      },
    ];
    const contents: unknown[] = [];
    const service = {
      preferences: createPreferences(memoryArea()),
      importFile: async (content: unknown) => {
        contents.push(content);
        return { ok: true, report: reports.shift() };
      },
    } as unknown as HoldfastService;
    const onImported = vi.fn();
    render(<ImportExport service={service} now={() => new Date()} download={() => {}} onImported={onImported} />);
    const input = screen.getByLabelText(/Import a portal CSV/);
    fireEvent.change(input, { target: { files: [new File(['a,b'], 'week-2.csv', { type: 'text/csv' })] } });
    const changes = await screen.findByTestId('import-changes');
    expect(changes.textContent).toBe('Order SO-2: line 1.0: Booked → Shipped, line 2.0 added');
    expect(screen.getByTestId('import-result').textContent).toContain('1 added, 1 updated, 3 unchanged');
    expect(onImported).toHaveBeenCalledWith(['SO-1', 'SO-2']);

    // A workbook goes to the import as bytes, to be read by the .xlsx reader.
    fireEvent.change(input, { target: { files: [new File([new Uint8Array([0x50, 0x4b, 3, 4])], 'week-2.xlsx')] } });
    await screen.findByText(/nothing new — 5 orders unchanged/);
    expect(contents[0]).toBe('a,b');
    expect(contents[1]).toBeInstanceOf(Uint8Array);
    expect(screen.queryByTestId('import-changes')).toBeNull();
  });
});
