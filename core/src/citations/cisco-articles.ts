/**
 * The public Cisco pages rules quote besides the two seeds; their quoted passages are stored in
 * `core/seeds/cisco-articles/<id>.txt`. A title in parentheses says the page's title was not in
 * the text read and gives the words of its address instead.
 */
export const CISCO_ARTICLES = {
  LIC217272: {
    title: '(address: how-to-approve-or-decline-a-smart-and-vi…)',
    url: 'https://www.cisco.com/c/en/us/support/docs/licensing/common-licensing-issues/how-to/lic217272-how-to-approve-or-decline-a-smart-and-vi.html',
  },
  LIC221112: {
    title: 'How to Approve or Decline a Smart and Virtual Account Access Request?',
    url: 'https://www.cisco.com/c/en/us/support/docs/licensing/common-licensing-issues/how-to/smart-account-administration/lic221112-how-to-approve-or-decline-a-smart-and-vi.html',
  },
  LIC220932: {
    title: 'How Can I Add Users to My Smart Account?',
    url: 'https://www.cisco.com/c/en/us/support/docs/licensing/common-licensing-issues/how-to/smart-account-administration/lic220932-how-can-i-add-users-to-my-smart-account.html',
  },
  LIC220965: {
    title: '(address: how-can-i-remove-the-smart-account-hold)',
    url: 'https://bxin.cisco.com/c/en/us/support/docs/licensing/common-licensing-issues/how-to/license-delivery/lic220965-how-can-i-remove-the-smart-account-hold.html',
  },
  LIC220936: {
    title: '(address: how-can-i-assign-an-order-to-a-smart-acc…)',
    url: 'https://www.cisco.com/c/en/us/support/docs/licensing/common-licensing-issues/how-to/license-delivery/lic220936-how-can-i-assign-an-order-to-a-smart-acc.html',
  },
  LIC222301: {
    title: 'How can I re-assign the order from one Smart Account to another Smart Account?',
    url: 'https://www.cisco.com/c/en/us/support/docs/licensing/common-licensing-issues/how-to/license-delivery/lic222301-how-can-i-re-assign-the-order-from-one-s.html',
  },
  LIC225452: {
    title: 'How can I assign an order to a Smart Account, in Cisco License Central (CLC)?',
    url: 'https://www.cisco.com/c/en/us/support/docs/licensing/common-licensing-issues/how-to/license-delivery/lic225452-how-can-i-assign-an-order-to-a-smart.html',
  },
  LIC220958: {
    title: 'How Can I Manage the Restricted/Unrestricted Access Levels of a Virtual Account?',
    url: 'https://www.cisco.com/c/en/us/support/docs/licensing/common-licensing-issues/how-to/smart-account-administration/lic220958-how-can-i-manage-the-private-public-acce.html',
  },
  'customer-smart-account-best-practices': {
    title: 'Customer Smart Account Best Practices',
    url: 'https://www.cisco.com/site/us/en/buy/collateral/licensing/customer-smart-accounts.html',
  },
} as const satisfies Record<string, { title: string; url: string }>;

export type CiscoArticleId = keyof typeof CISCO_ARTICLES;
