// Pure reading and writing of order files: no storage here. The store and the CLI build on it.
export * from './import-error.ts';
export * from './csv-columns.ts';
export * from './csv-directory.ts';
export * from './parse-orders-csv.ts';
export * from './parse-holdfast-json.ts';
export * from './orders-to-csv.ts';
export * from './read-orders-file.ts';
export * from './parse-ccw-order-json.ts';
export * from './read-orders-workbook.ts';
export * from './order-changes.ts';
