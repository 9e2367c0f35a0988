/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell that begins with `=`, `+`, `-`,
 * `@`, a tab or a carriage return is run as a formula when the file is opened in a spreadsheet.
 * Holdfast writes such a cell with a leading apostrophe, which spreadsheets show as text.
 *
 * To read back exactly what was written, a value that already begins with apostrophes followed by
 * one of those characters gets one more apostrophe too, and the reader removes exactly one: every
 * value survives export then import unchanged.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const ESCAPED = /^'+[=+\-@\t\r]/;

/** The cell as it is written to a CSV file. */
export const escapeCsvFormula = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

/** The value a cell written by `escapeCsvFormula` held. */
export const unescapeCsvFormula = (cell: string): string => (ESCAPED.test(cell) ? cell.slice(1) : cell);
