// Pure reading and writing of order files: no storage here. The store and the CLI build on it.
export * from './import-error.ts';
export * from './csv-columns.ts';
export * from './csv-directory.ts';
export * from './parse-order-records.ts';
export * from './parse-orders-csv.ts';
export * from './parse-holdfast-json.ts';
export * from './orders-to-csv.ts';
export * from './read-orders-file.ts';
export * from './parse-ccw-order-json.ts';
// The .xlsx reader (read-excel-file) is not re-exported: pages load it only when a workbook comes
// (`import('…/read-orders-workbook.ts')`), so it stays out of the bundles that never import one.
export * from './is-workbook-file.ts';
export * from './order-changes.ts';
