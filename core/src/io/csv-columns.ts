/**
 * The columns of an order export from the ordering portal, one row per order line. Headers are
 * matched ignoring case, spaces and punctuation, so "Sales Order #", "sales_order_number" and
 * "SO Number" all name the sales order. docs/order-files.md documents them for partners.
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
  /** Optional: the CCW order API names the customer only; rules that need the domain say so. */
  endCustomerDomain: {
    header: 'End Customer Domain',
    required: false,
    variants: ['End Customer Email Domain', 'Customer Domain', 'Customer Email Domain', 'End User Domain'],
  },
  /** "1", or CCW's dotted line id: "1.0", "1.1", "2.0". */
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
  /** When the line shipped: licenses reach the account they are assigned to on fulfilment. */
  shippedDate: {
    header: 'Shipped Date',
    required: false,
    variants: ['Ship Date', 'Actual Ship Date', 'Shipped On', 'Fulfilment Date', 'Fulfillment Date'],
  },
  smartAccount: { header: 'Smart Account', required: false, variants: ['Smart Account Name', 'SA', 'SA Name'] },
  /** The customer's own Smart Account when the file names it, even while the order sits in holding. */
  endCustomerSmartAccount: {
    header: 'End Customer Smart Account',
    required: false,
    variants: ['Customer Smart Account', 'End Customer SA', 'Customer SA', 'End Customer Smart Account Name'],
  },
  /** Standard, EA or Stocking: EA and stocking orders cannot be assigned to a Smart Account (LIC225452). */
  buyingProgram: {
    header: 'Buying Program',
    required: false,
    variants: ['Order Type', 'Buying Model', 'Deal Type'],
  },
  smartAccountType: {
    header: 'Smart Account Type',
    required: false,
    variants: ['SA Type', 'Account Type', 'Smart Account Kind'],
  },
  smartAccountDomain: { header: 'Smart Account Domain', required: false, variants: ['SA Domain', 'Account Domain'] },
  smartAccountStatus: { header: 'Smart Account Status', required: false, variants: ['SA Status', 'Account Status'] },
  virtualAccount: { header: 'Virtual Account', required: false, variants: ['Virtual Account Name', 'VA', 'VA Name'] },
  reseller: { header: 'Reseller', required: false, variants: ['Reseller Name', 'Partner', 'Partner Name'] },
  resellerDomain: { header: 'Reseller Domain', required: false, variants: ['Partner Domain', 'Reseller Email Domain'] },
  distributor: { header: 'Distributor', required: false, variants: ['Distributor Name', 'Disti'] },
  /** With a domain, the distributor is an organisation of its own (with its own holding accounts). */
  distributorDomain: {
    header: 'Distributor Domain',
    required: false,
    variants: ['Disti Domain', 'Distributor Email Domain'],
  },
  /** Who Cisco bills: kept apart from the reseller and the distributor (a distributor's order bills the distributor). */
  billTo: { header: 'Bill To', required: false, variants: ['Bill To Name', 'Bill-To Party', 'Bill To Party'] },
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
  ['holdingsmartaccount', 'partner-holding'],
  ['limited', 'limited-use'],
  ['limiteduse', 'limited-use'],
  ['limitedusesmartaccount', 'limited-use'],
]);
/** CCW's line statuses (Entered, Booked, Awaiting Shipping, Shipped, Closed, Cancelled, Hold) and common spellings. */
export const LINE_STATUSES: ReadonlyMap<string, 'open' | 'booked' | 'shipped' | 'cancelled'> = new Map([
  ['open', 'open'],
  ['entered', 'open'],
  ['new', 'open'],
  ['hold', 'open'],
  ['onhold', 'open'],
  ['booked', 'booked'],
  ['awaitingshipping', 'booked'],
  ['shipped', 'shipped'],
  ['closed', 'shipped'],
  ['fulfilled', 'shipped'],
  ['cancelled', 'cancelled'],
  ['canceled', 'cancelled'],
]);
export const BUYING_PROGRAM_NAMES: ReadonlyMap<string, 'standard' | 'enterprise-agreement' | 'stocking'> = new Map([
  ['standard', 'standard'],
  ['transactional', 'standard'],
  ['ea', 'enterprise-agreement'],
  ['enterpriseagreement', 'enterprise-agreement'],
  ['stocking', 'stocking'],
]);
