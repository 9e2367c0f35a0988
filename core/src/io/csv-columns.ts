/**
 * The columns of an order export from the ordering portal, one row per order line. Headers are
 * matched ignoring case, spaces and punctuation, so "Sales Order #", "sales_order_number" and
 * "SO Number" all name the sales order. docs/csv-format.md documents them for partners.
 */
export const CSV_COLUMNS = {
  salesOrderNumber: {
    header: 'Sales Order Number',
    required: true,
    variants: ['Sales Order', 'Sales Order #', 'Sales Order No', 'SO Number', 'SO #', 'SO', 'Order Number'],
  },
  webOrderId: {
    header: 'Web Order ID',
    required: true,
    variants: ['Web Order', 'Web Order #', 'Web Order Number', 'WO ID', 'Web ID'],
  },
  poNumber: {
    header: 'PO Number',
    required: true,
    variants: ['PO', 'PO #', 'Purchase Order', 'Purchase Order Number', 'Customer PO', 'Customer PO Number'],
  },
  orderDate: {
    header: 'Order Date',
    required: true,
    variants: ['Ordered Date', 'Order Created Date', 'Created Date', 'Date Ordered', 'Submitted Date'],
  },
  endCustomerName: {
    header: 'End Customer Name',
    required: true,
    variants: ['End Customer', 'Customer Name', 'End User Name', 'End User', 'Customer'],
  },
  endCustomerDomain: {
    header: 'End Customer Domain',
    required: true,
    variants: ['End Customer Email Domain', 'Customer Domain', 'Customer Email Domain', 'End User Domain'],
  },
  lineNumber: {
    header: 'Line Number',
    required: true,
    variants: ['Line', 'Line #', 'Line No', 'Line Item', 'Order Line'],
  },
  sku: { header: 'SKU', required: true, variants: ['Part Number', 'Product', 'Product Number', 'Item', 'PID'] },
  quantity: { header: 'Quantity', required: true, variants: ['Qty', 'Ordered Quantity', 'Quantity Ordered'] },
  termMonths: {
    header: 'Term (Months)',
    required: false,
    variants: ['Term', 'Term Months', 'Subscription Term', 'Duration', 'Duration (Months)'],
  },
  lineStatus: {
    header: 'Line Status',
    required: false,
    variants: ['Status', 'Line Item Status', 'Fulfilment Status', 'Fulfillment Status'],
  },
  smartAccount: { header: 'Smart Account', required: false, variants: ['Smart Account Name', 'SA', 'SA Name'] },
  smartAccountType: {
    header: 'Smart Account Type',
    required: false,
    variants: ['SA Type', 'Account Type', 'Smart Account Kind'],
  },
  smartAccountDomain: { header: 'Smart Account Domain', required: false, variants: ['SA Domain', 'Account Domain'] },
  smartAccountStatus: { header: 'Smart Account Status', required: false, variants: ['SA Status', 'Account Status'] },
  virtualAccount: { header: 'Virtual Account', required: false, variants: ['Virtual Account Name', 'VA', 'VA Name'] },
  reseller: { header: 'Reseller', required: false, variants: ['Reseller Name', 'Partner', 'Partner Name', 'Bill To'] },
  resellerDomain: { header: 'Reseller Domain', required: false, variants: ['Partner Domain', 'Reseller Email Domain'] },
  distributor: { header: 'Distributor', required: false, variants: ['Distributor Name', 'Disti'] },
  lastReviewed: {
    header: 'Last Reviewed',
    required: false,
    variants: ['Last Reviewed Date', 'Reviewed', 'Reviewed On'],
  },
} as const;

export type CsvColumn = keyof typeof CSV_COLUMNS;
export const CSV_COLUMN_KEYS = Object.keys(CSV_COLUMNS) as CsvColumn[];

export const normaliseHeader = (header: string): string =>
  header
    .toLowerCase()
    .replace(/#/g, 'number')
    .replace(/[^a-z0-9]/g, '');

const LOOKUP: ReadonlyMap<string, CsvColumn> = new Map(
  CSV_COLUMN_KEYS.flatMap((key) =>
    [CSV_COLUMNS[key].header, ...CSV_COLUMNS[key].variants].map((h) => [normaliseHeader(h), key] as const),
  ),
);

/** Which column a header names, or undefined for a column Holdfast does not read. */
export const columnOf = (header: string): CsvColumn | undefined => LOOKUP.get(normaliseHeader(header));

/** Accepted spellings of Smart Account Type and Line Status, normalised as headers are. */
export const ACCOUNT_TYPES: ReadonlyMap<string, 'customer' | 'partner-holding' | 'limited-use'> = new Map([
  ['customer', 'customer'],
  ['customersmartaccount', 'customer'],
  ['partnerholding', 'partner-holding'],
  ['partnerholdingsmartaccount', 'partner-holding'],
  ['holding', 'partner-holding'],
  ['limiteduse', 'limited-use'],
  ['limitedusesmartaccount', 'limited-use'],
]);
export const LINE_STATUSES: ReadonlyMap<string, 'open' | 'booked' | 'shipped'> = new Map([
  ['open', 'open'],
  ['entered', 'open'],
  ['new', 'open'],
  ['booked', 'booked'],
  ['shipped', 'shipped'],
  ['closed', 'shipped'],
  ['fulfilled', 'shipped'],
]);
