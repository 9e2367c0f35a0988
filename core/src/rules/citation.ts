/**
 * Where a rule comes from: a sentence of one of the two seed documents (quoted verbatim, checked by
 * a test against `core/seeds/`), or a public Cisco support article, which is said as such.
 */
export type Citation =
  | { source: 'partner-holding-account-best-practices' | 'smart-accounts-overview'; quote: string }
  | { source: 'cisco-support-article'; title: string; statement: string };

const holding = (quote: string): Citation => ({ source: 'partner-holding-account-best-practices', quote });
const overview = (quote: string): Citation => ({ source: 'smart-accounts-overview', quote });
const article = (title: string, statement: string): Citation => ({ source: 'cisco-support-article', title, statement });

export const CITATIONS = {
  assignDirectly: holding(
    'Whenever possible, assign licenses directly in Cisco Commerce Workspace (CCW) to the end customer’s Smart Account and Virtual Account if known. Use a Partner Holding Account only when necessary.',
  ),
  reassignSoon: holding(
    'Although there is no time limit for how long an order can remain in a Partner Holding Account, it is recommended to reassign the order to the Customer Smart Account as soon as possible.',
  ),
  subscriptionTimer: holding(
    'Note that the subscription timer starts once the licenses are delivered to the Customer Smart Account.',
  ),
  reviewRegularly: holding(
    'Regularly review orders placed in the Partner Holding Account to ensure prompt reassignment to the Customer Smart Account.',
  ),
  mustTransfer: holding(
    'However, for the licenses to be usable by the customer, they must eventually be transferred to the Customer Smart Account.',
  ),
  limitedUse: overview(
    'A Limited Use Smart Account is meant specifically for small business customers that don’t have a company email domain and are using a public email domain, such as gmail.com, yahoo.com, etc.',
  ),
  noActivationInHolding: overview('Licenses cannot be activated in Partner Holding Smart Accounts.'),
  ownUse: holding(
    'Additionally, if a partner intends to purchase products for their own company’s use, they must create a separate Customer Smart Account to manage those licenses.',
  ),
  holdingRequired: holding(
    'All partners and distributors who resell Cisco products are required to create a Partner Holding Account.',
  ),
  b2bSingleDefault: holding(
    'Therefore, they can only have one default Partner Holding Smart Account linked to their Cisco ID for B2B orders.',
  ),
  centralisedPurchasing: holding(
    'If you have a centralized purchasing department, one Virtual Account should be sufficient to manage your orders. Alternatively, you may want to create one additional Virtual Account alongside the Default Virtual Account.',
  ),
  regionalPurchasing: holding(
    'For purchasing departments located in multiple regions or countries, creating multiple Virtual Accounts is recommended.',
  ),
  subsidiaries: holding(
    'However, if you are a global company with multiple independent subsidiaries and multiple purchasing departments, you have the option to request multiple Partner Holding Accounts.',
  ),
  customerGrant: holding(
    "Partners managing a customer's Smart Account on their behalf must be explicitly granted roles by the customer to manage licenses or users.",
  ),
  partnerLimits: holding(
    'However, partners are not allowed to accept Smart Licensing Agreements or be assigned the Smart Account Approver role on behalf of the customer.',
  ),
  rolesForEveryone: holding(
    "Roles should be assigned to everyone based on their responsibilities, as the user's assigned role determines which orders they can view in Cisco Commerce Workspace (CCW).",
  ),
  administratorsNeeded: holding(
    'Administrator roles are necessary for tasks such as setting up notifications, approving access requests, and creating or categorizing Virtual Accounts.',
  ),
  portalReassignmentEnds: article(
    'Smart Account assignment and reassignment in Cisco Commerce Workspace',
    'Smart Account assignment and reassignment apply to a whole order line, and the portal can reassign a line only until it is booked or shipped; after that only a licensing support case, or an asset transfer approved by the source Smart Account’s administrator, moves the licenses.',
  ),
  virtualAccountNamesVisible: article(
    'Virtual Account names visible to partners',
    'Virtual Account names of a Customer Smart Account are shown to the partners and distributors who order for it, so a name should not reveal anything confidential.',
  ),
  restrictedVirtualAccount: article(
    'Restricted Virtual Accounts in Cisco Commerce Workspace',
    'A Restricted Virtual Account is not listed in the ordering portal; an order can be assigned to it only by entering its exact name.',
  ),
} as const satisfies Record<string, Citation>;

export function citationText(citation: Citation): string {
  return citation.source === 'cisco-support-article'
    ? `${citation.statement} (Cisco support article: “${citation.title}”)`
    : `“${citation.quote}” (${citation.source})`;
}
