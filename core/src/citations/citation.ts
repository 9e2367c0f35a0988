import { CISCO_ARTICLES, type CiscoArticleId } from './cisco-articles.ts';

/**
 * Where a rule comes from: a sentence of one of the two seed documents, or of a public Cisco page
 * (a support article by its id, or the Customer Smart Account Best Practices page), quoted word for
 * word. A test checks every quote against the stored copy in `core/seeds/` (articles under
 * `core/seeds/cisco-articles/`).
 */
export type Citation =
  | { source: 'partner-holding-account-best-practices' | 'smart-accounts-overview'; quote: string }
  | { source: 'cisco-article'; article: CiscoArticleId; title: string; url: string; quote: string };

const holding = (quote: string): Citation => ({ source: 'partner-holding-account-best-practices', quote });
const overview = (quote: string): Citation => ({ source: 'smart-accounts-overview', quote });
const article = (id: CiscoArticleId, quote: string): Citation => ({
  source: 'cisco-article',
  article: id,
  title: CISCO_ARTICLES[id].title,
  url: CISCO_ARTICLES[id].url,
  quote,
});

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
  distributorToReseller: holding(
    'If a distributor creates the software license order in Cisco Commerce Workspace (CCW), the distributor can assign the order to their reseller’s Partner Holding Account. The reseller can then reassign the order to their end customer’s Customer Smart Account.',
  ),
  wholeOrderLine: article(
    'LIC222301',
    'Smart Account Assignment and Reassignment are always applied to the entire order line.',
  ),
  portalReassignmentEnds: article(
    'LIC220936',
    'Once a line has an active ECSA and/or moves to the post-Booked state in commerce, the ability to assign a Smart Account will be disabled.',
  ),
  assetTransferApproval: article(
    'LIC222301',
    'Select an Administrator from the account to approve the transaction (Only applicable If you are not an Account Administrator).',
  ),
  virtualAccountNamesVisible: article(
    'customer-smart-account-best-practices',
    'Virtual Account names are visible to partners in Cisco Commerce Workspace (CCW) so avoid including internal or confidential company information in these names.',
  ),
  restrictedVirtualAccount: article(
    'LIC220958',
    'By setting to Restricted, this Virtual Account IS NOT searchable by any user in Cisco Commerce Tools',
  ),
  smartAccountHold: article(
    'LIC220965',
    'A Pending Smart Account was assigned to the order, or there is no smart account assigned to the order.',
  ),
  releaseHold: article(
    'LIC220965',
    'To remove the hold, simply assign an active smart account to the order and the hold is going to be released.',
  ),
  eaAndStockingExcluded: article(
    'LIC225452',
    'Stocking orders and Enterprise Agreement (EA) orders cannot be assigned to a Smart Account.',
  ),
  findAccountByDomainOrName: article(
    'LIC220936',
    'The options are Domain Identifier/Account Name/Email ID.Then search for the Smart Account.',
  ),
  onlyAdministratorApprovesAccess: article(
    'LIC217272',
    'Only the Smart account administrator can approve or decline an access request.',
  ),
  holdingAdministratorRole: holding(
    'Holding Account Administrator: This role can create Virtual Accounts, add users to the Partner Holding Account, and manage all orders within the account.',
  ),
  holdingUserRole: holding(
    'Holding Account User: This role can manage orders assigned to a Virtual Account but cannot add or delete users or Virtual Accounts.',
  ),
  virtualAccountAdministratorRole: holding(
    'Virtual Account Administrator: This role can add users to their assigned Virtual Account and manage orders tied to that Virtual Account.',
  ),
  virtualAccountUserRole: holding(
    'Virtual Account User: This role can only manage orders within a specific Virtual Account.',
  ),
  smartAccountAdministratorRole: article(
    'LIC220932',
    'Smart Account Administrator: manages all aspects of Smart Account and Virtual Accounts.',
  ),
  smartAccountUserRole: article(
    'LIC220932',
    'Smart Account User: manages assets within all Virtual Accounts but cannot add or delete Virtual Accounts or manage User access.',
  ),
  smartAccountViewerRole: article('LIC220932', 'Smart Account Viewer: has view ONLY privileges.'),
  virtualAccountViewerRole: article(
    'LIC221112',
    '-For Virtual Account - Virtual Account Administrator - Virtual Account User - Virtual Account Viewer',
  ),
  approverNoAccessRequests: article(
    'LIC217272',
    'Approvers cannot manage licenses and they do not have the privilege of approving or declining an access request.',
  ),
  agreementsByAdministratorOrApprover: article(
    'LIC217272',
    'Smart account approvers can edit Smart account properties, view all users, accept agreements, and view event logs.',
  ),
  approverAgreementsOnly: article(
    'LIC220932',
    'Smart Account Approver: can only approve accounts legal agreements on behalf of the Smart Account owner. Includes no User or Administrator privileges.',
  ),
} as const satisfies Record<string, Citation>;

export function citationText(citation: Citation): string {
  return citation.source === 'cisco-article'
    ? `“${citation.quote}” (${citation.article === 'customer-smart-account-best-practices' ? '' : `Cisco ${citation.article}, `}“${citation.title}”, ${citation.url})`
    : `“${citation.quote}” (${citation.source})`;
}
