// Writes the committed sample data set (`pnpm sample`): Holdfast JSON plus a portal-style CSV.
import { writeFileSync } from 'node:fs';
import { ordersToCsv } from '../io/orders-to-csv.ts';
import { generateSample } from './generate-sample.ts';

const sample = generateSample();
const json = new URL('../../sample/holdfast-sample.json', import.meta.url);
const csv = new URL('../../sample/portal-export-sample.csv', import.meta.url);
writeFileSync(json, `${JSON.stringify(sample, null, 2)}\n`);
writeFileSync(csv, ordersToCsv(sample));
console.log(`Wrote ${sample.orders.length} orders to ${json.pathname} and ${csv.pathname}`);
