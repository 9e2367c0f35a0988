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
    fireEvent.change(screen.getByLabelText(/Import a portal CSV export/), { target: { files: [file] } });
    expect((await screen.findByTestId('more-errors')).textContent).toContain('42 more problems not shown');
    fireEvent.click(screen.getByRole('button', { name: `Download all ${ERRORS_SHOWN + 42} problems (CSV)` }));
    expect(download).toHaveBeenCalledWith('holdfast-import-problems-2026-11-23.csv', 'text/csv', errorsCsv(errors));
    expect(errorsCsv(errors).split('\n')[1]).toBe('2,Quantity,"""-0"" is negative, ""really"""');
  });
});
