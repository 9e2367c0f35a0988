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
 * The permission matrix, row by row from the seeds' role descriptions.
 *
 * Choices where the seeds are ambiguous, and why:
 * 1. Holding Account User — "can manage orders assigned to a Virtual Account but cannot add or
 *    delete users or Virtual Accounts", and "User roles are for routine order management for their
 *    assigned Virtual Account or Partner Holding Account". The role is granted on the whole holding
 *    account, names no Virtual Account, so it views and manages orders in every VA of that account,
 *    and nothing else.
 * 2. Virtual Account Administrator — "can add users to their assigned Virtual Account". We read the
 *    administrator tasks of the best-practice list (notifications, access requests) as reaching
 *    their own VA too, since approving access to a VA is adding users to it; granting a role is
 *    allowed only for a role on that VA. Creating, renaming or categorising Virtual Accounts is
 *    left to account administrators: the seed gives it to the Holding Account Administrator.
 * 3. Viewing follows managing: "the user's assigned role determines which orders they can view",
 *    so a member sees exactly the orders they may manage, and the Approver sees the account's
 *    orders it approves for.
 * 4. Activating licenses and accepting the Smart Licensing Agreement are never possible on a
 *    Partner Holding Account, whatever the role: "Licenses cannot be activated in Partner Holding
 *    Smart Accounts." — that and the partner limits live in `can()`, not in the rows.
 * 5. Removing members mirrors adding them: the seed says the Holding Account User "cannot add or
 *    delete users", so removal is an administrator task at the same reach as adding.
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
    'approve-access-request': 'own-virtual-account',
    'activate-licenses': 'own-virtual-account',
  },
  // "This role can only manage orders within a specific Virtual Account."
  'virtual-account-user': {
    ...manageOrders('own-virtual-account'),
    'activate-licenses': 'own-virtual-account',
  },
  // Customer Smart Account roles, which a customer may grant a partner "to manage licenses or users".
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
  'smart-account-user': {
    ...manageOrders('account'),
    'activate-licenses': 'account',
  },
  // The customer's own approver: "certain critical approvals stay under the customer's direct control."
  'smart-account-approver': {
    'view-order': 'account',
    'approve-access-request': 'account',
    'accept-smart-licensing-agreement': 'account',
  },
};
