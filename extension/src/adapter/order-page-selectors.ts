/**
 * Every selector Holdfast reads on Cisco Commerce Workspace's order form, in one place. When CCW
 * changes its markup, this map is the only thing to update; the reader fails soft meanwhile.
 */
export const ORDER_PAGE_SELECTORS = {
  salesOrderNumber: '[data-ccw="sales-order-number"], #salesOrderNumber',
  webOrderId: '[data-ccw="web-order-id"], #webOrderId',
  poNumber: '[data-ccw="po-number"], #poNumber',
  smartAccount: 'select[data-ccw="smart-account"], select#smartAccount',
  virtualAccount: 'select[data-ccw="virtual-account"], select#virtualAccount',
  customerName: '[data-ccw="end-customer-name"], #endCustomerName',
  /** One element per license line of the order; the three below are read inside each. */
  orderLine: '[data-ccw="order-line"]',
  lineSku: '[data-ccw="line-sku"]',
  lineQuantity: '[data-ccw="line-quantity"]',
  /** Months; empty or absent for a perpetual license. */
  lineTerm: '[data-ccw="line-term"]',
} as const;
export type OrderPageField = keyof typeof ORDER_PAGE_SELECTORS;
