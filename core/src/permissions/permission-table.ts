import type { Role } from '../domain/role.ts';
import type { Action } from './action.ts';

/**
 * How far a role's permission for an action reaches:
 * - `account`: anywhere in the Smart Account the role is granted on;
 * - `own-virtual-account`: only inside the one Virtual Account the role is granted on.
 * An action missing from a role's row is never allowed.
 */
export type Reach = 'account' | 'own-virtual-account';
export type PermissionRow = Partial<Record<Action, Reach>>;

const manageOrders = (reach: Reach): PermissionRow => ({
  'view-order': reach,
  'annotate-order': reach,
  'tick-checklist-step': reach,
  'reassign-order': reach,
});

const structure = (reach: Reach): PermissionRow => ({
  'create-virtual-account': reach,
  'delete-virtual-account': reach,
  'rename-virtual-account': reach,
  'categorise-virtual-account': reach,
});

/**
 * The permission matrix, row by row from the seeds' role descriptions and Cisco's role definitions
 * (LIC220932, LIC217272, LIC221112; passages stored in core/seeds/cisco-articles/).
 * Holding-account roles carry the seed's names; Cisco's names for them are in ROLE_DEFINITIONS.
 *
 * Choices, each with its source:
 * 1. Holding Account User (Cisco: Smart Account User) — "can manage orders assigned to a Virtual
 *    Account but cannot add or delete users or Virtual Accounts" (seed), and Cisco's "Smart Account
 *    User: manages assets within all Virtual Accounts but cannot add or delete Virtual Accounts or
 *    manage User access." (LIC220932). Granted on the whole holding account, it views and manages
 *    orders in every VA of that account, and nothing else.
 * 2. Virtual Account Administrator — "can add users to their assigned Virtual Account" (seed); it
 *    grants roles and sets up notifications for its own VA. It does NOT approve access requests:
 *    "Only the Smart account administrator can approve or decline an access request." (LIC217272).
 *    Creating, renaming or categorising Virtual Accounts is left to account administrators: the seed
 *    gives it to the Holding Account Administrator.
 * 3. Viewing follows managing: "the user's assigned role determines which orders they can view"
 *    (seed), so a member sees the orders they may manage; the two Viewer roles see and do nothing
 *    else: "Smart Account Viewer: has view ONLY privileges." (LIC220932). A Virtual Account Viewer
 *    sees its own VA's orders only.
 * 4. Smart Account Approver — "can only approve accounts legal agreements on behalf of the Smart
 *    Account owner. Includes no User or Administrator privileges." (LIC220932), and "Approvers
 *    cannot manage licenses and they do not have the privilege of approving or declining an access
 *    request." (LIC217272). So it accepts the Smart Licensing Agreement and nothing else: it neither
 *    views nor manages orders, nor approves access requests.
 * 5. Activating licenses and accepting the Smart Licensing Agreement are never possible on a
 *    Partner Holding Account, whatever the role: "Licenses cannot be activated in Partner Holding
 *    Smart Accounts." — that and the partner limits live in `can()`, not in the rows.
 * 6. Removing members mirrors adding them: the seed says the Holding Account User "cannot add or
 *    delete users", so removal is an administrator task at the same reach as adding.
 * 7. Smart Account Administrator and Holding Account Administrator (Cisco: Smart Account
 *    Administrator) — "manages all aspects of Smart Account and Virtual Accounts." (LIC220932) and
 *    "Only the Smart account administrator can approve or decline an access request." (LIC217272).
 *
 * Typed as a record over Role: a role without a row does not compile.
 */
export const PERMISSION_TABLE: Record<Role, PermissionRow> = {
  // "This role can create Virtual Accounts, add users to the Partner Holding Account, and manage all orders within the account."
  'holding-account-administrator': {
    ...manageOrders('account'),
    ...structure('account'),
    'add-member': 'account',
    'remove-member': 'account',
    'add-member-to-virtual-account': 'account',
    'remove-member-from-virtual-account': 'account',
    'grant-role': 'account',
    'set-up-notifications': 'account',
    'approve-access-request': 'account',
  },
  // "This role can manage orders assigned to a Virtual Account but cannot add or delete users or Virtual Accounts."
  'holding-account-user': manageOrders('account'),
  // "This role can add users to their assigned Virtual Account and manage orders tied to that Virtual Account."
  'virtual-account-administrator': {
    ...manageOrders('own-virtual-account'),
    'add-member-to-virtual-account': 'own-virtual-account',
    'remove-member-from-virtual-account': 'own-virtual-account',
    'grant-role': 'own-virtual-account',
    'set-up-notifications': 'own-virtual-account',
    'activate-licenses': 'own-virtual-account',
  },
  // "This role can only manage orders within a specific Virtual Account."
  'virtual-account-user': {
    ...manageOrders('own-virtual-account'),
    'activate-licenses': 'own-virtual-account',
  },
  // The Virtual Account counterpart of "Smart Account Viewer: has view ONLY privileges." (LIC220932, LIC221112)
  'virtual-account-viewer': { 'view-order': 'own-virtual-account' },
  // "Smart Account Administrator: manages all aspects of Smart Account and Virtual Accounts." (LIC220932)
  'smart-account-administrator': {
    ...manageOrders('account'),
    ...structure('account'),
    'add-member': 'account',
    'remove-member': 'account',
    'add-member-to-virtual-account': 'account',
    'remove-member-from-virtual-account': 'account',
    'grant-role': 'account',
    'set-up-notifications': 'account',
    'approve-access-request': 'account',
    'activate-licenses': 'account',
    'accept-smart-licensing-agreement': 'account',
  },
  // "Smart Account User: manages assets within all Virtual Accounts but cannot add or delete Virtual Accounts or manage User access." (LIC220932)
  'smart-account-user': {
    ...manageOrders('account'),
    'activate-licenses': 'account',
  },
  // "Smart Account Approver: can only approve accounts legal agreements on behalf of the Smart Account owner." (LIC220932)
  'smart-account-approver': {
    'accept-smart-licensing-agreement': 'account',
  },
  // "Smart Account Viewer: has view ONLY privileges." (LIC220932)
  'smart-account-viewer': { 'view-order': 'account' },
};
