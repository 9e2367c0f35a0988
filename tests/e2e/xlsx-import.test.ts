import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProfile, ROOT, type Profile } from './extension-harness.ts';

const XLSX_PATH = join(ROOT, 'core/fixtures/ccw-export-real-conventions.xlsx');

/**
 * The options page imports an Excel workbook as CCW and SSM export it, through the same import as a
 * CSV (the `.xlsx` reader is loaded only when a workbook comes); importing it again adds nothing.
 */
describe('importing an .xlsx export in the extension', () => {
  // A profile of its own for each test: no test starts from what another imported.
  let profile: Profile;
  beforeEach(async () => {
    profile = await openProfile();
  });
  afterEach(async () => {
    await profile?.close();
  });

  it('imports the workbook fixture, says nothing is new the second time, and refuses a broken workbook', async () => {
    const options = await profile.context.newPage();
    await options.goto(profile.page('options.html'));
    const result = options.getByTestId('import-result');

    await options.locator('#import-file').setInputFiles(XLSX_PATH);
    await expect
      .poll(() => result.textContent())
      .toMatch(/^Imported ccw-export-real-conventions\.xlsx: \d+ added, 0 updated, 0 unchanged\.$/);
    const added = /(\d+) added/.exec((await result.textContent())!)![1];
    expect(Number(added)).toBeGreaterThan(0);

    await options.locator('#import-file').setInputFiles([]);
    await options.locator('#import-file').setInputFiles(XLSX_PATH);
    await expect.poll(() => result.textContent()).toContain(`nothing new — ${added} orders unchanged`);

    await options.locator('#import-file').setInputFiles({
      name: 'broken.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from('PK\u0003\u0004 not really a workbook'),
    });
    await result.getByText('Nothing was imported').waitFor();
    expect(await result.locator('tbody tr td').nth(2).textContent()).toMatch(/not a readable \.xlsx workbook/);
  });
});
