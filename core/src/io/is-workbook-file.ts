/**
 * Whether a file is an Excel workbook (by name, or by the zip signature every .xlsx starts with).
 * Kept apart from the workbook reader so that pages can tell without loading it.
 */
export const isWorkbookFile = (bytes: Uint8Array, fileName: string): boolean =>
  /\.xlsx$/i.test(fileName) || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04);
