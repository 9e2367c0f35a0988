import { DAY_MS, type OrderEvent } from '@holdfast/core';

/**
 * "Ask the customer" is recorded as a team note starting with this text, through the same path as
 * any note: it reaches the team with sync and stays in the order's history.
 */
export const ASKED_NOTE_PREFIX = 'Asked the customer to create or name their Smart Account';

/** Ask again after this many days without an answer. */
export const ASK_AGAIN_AFTER_DAYS = 7;

/** Where a customer creates a Smart Account, and Cisco's page explaining Customer Smart Accounts. */
export const SMART_ACCOUNT_REQUEST_URL = 'https://software.cisco.com/software/company/smartaccounts/home';
export const CUSTOMER_SMART_ACCOUNTS_URL =
  'https://www.cisco.com/site/us/en/buy/collateral/licensing/customer-smart-accounts.html';

export interface AskFacts {
  salesOrderNumber: string;
  poNumber: string;
  customerName: string;
  customerDomain: string | null;
  /** Who signs the e-mail. */
  senderName: string;
}

export interface CustomerEmail {
  subject: string;
  body: string;
  /** A mailto: link with subject and body; the rep adds the recipient. */
  mailto: string;
}

/** The e-mail asking an end customer to create or name their Smart Account, with Cisco's instructions. */
export function composeAskEmail(facts: AskFacts): CustomerEmail {
  const subject = `Your Cisco licenses (order ${facts.salesOrderNumber}, PO ${facts.poNumber}): which Smart Account should they go to?`;
  const body = [
    `Hello,`,
    ``,
    `The Cisco Smart licenses ${facts.customerName} ordered (our sales order ${facts.salesOrderNumber}, your PO ${facts.poNumber}) are held for you in our Partner Holding Account. To use them, they must be moved to your company's Customer Smart Account, and the subscription starts only once they are delivered there.`,
    ``,
    `Please reply with either:`,
    `  - the name of your Smart Account (and the Virtual Account the licenses should go to), or`,
    `  - if you have none yet, create one at ${SMART_ACCOUNT_REQUEST_URL} ("Request a Smart Account") with ${facts.customerDomain ? `a company e-mail address on ${facts.customerDomain}` : 'a company e-mail address'}, and tell us its name once Cisco has activated it.`,
    ``,
    `Cisco explains Customer Smart Accounts here: ${CUSTOMER_SMART_ACCOUNTS_URL}`,
    ``,
    `Thank you,`,
    facts.senderName,
  ].join('\n');
  return {
    subject,
    body,
    mailto: `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`,
  };
}

/** When the customer was last asked (from the order's history), and whether to ask again. */
export function lastAsked(
  history: readonly OrderEvent[],
  now: Date,
): { at: string; daysAgo: number; askAgain: boolean } | null {
  let at: string | null = null;
  for (const event of history)
    if (event.type === 'note-added' && event.text.startsWith(ASKED_NOTE_PREFIX) && (at === null || event.at > at))
      at = event.at;
  if (at === null) return null;
  const days = Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / DAY_MS));
  return { at, daysAgo: days, askAgain: days >= ASK_AGAIN_AFTER_DAYS };
}

/**
 * Opens the order in Cisco Commerce Workspace's order search (the sales order number is what CCW
 * searches by).
 */
export const ccwOrderUrl = (salesOrderNumber: string): string =>
  `https://apps.cisco.com/Commerce/orders?searchValue=${encodeURIComponent(salesOrderNumber)}`;
