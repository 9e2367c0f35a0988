import { actorOf, can } from '../permissions/can.ts';
import { isPartnerOn } from '../domain/role.ts';
import { CITATIONS } from '../citations/citation.ts';
import type { Finding, Rule } from './rule.ts';
import { indexSnapshot } from './snapshot-index.ts';

// Work on an order after it reached the customer's account; delivering it there is the reseller's own step.
const MANAGING_EVENTS = new Set(['note-added', 'activation-attempted']);

export const customerGrantMissing: Rule = {
  id: 'customer-grant-missing',
  title: "Managing a customer's Smart Account without a grant from the customer",
  severity: 'critical',
  citation: CITATIONS.customerGrant,
  check(context) {
    const index = indexSnapshot(context.snapshot);
    const fromGrants = context.snapshot.roleGrants.flatMap((grant): Finding[] => {
      const member = index.member(grant.memberId);
      const account = index.smartAccount(grant.smartAccountId);
      if (!member || !account || !isPartnerOn(member, account) || grant.grantedByCustomer) return [];
      return [
        {
          ruleId: this.id,
          severity: this.severity,
          subject: { kind: 'role-grant', roleGrantId: grant.id },
          overdue: false,
          message: `${member.name} (a partner) holds a role on the customer's Smart Account "${account.name}" that the customer did not grant.`,
          suggestedAction: `Ask the customer to grant ${member.name} the role in their Smart Account, or remove it.`,
        },
      ];
    });
    const fromActivity = context.orders.flatMap(({ order, state }): Finding[] => {
      const account = state.holder ? index.smartAccount(state.holder.smartAccountId) : undefined;
      if (!account || account.kind === 'partner-holding') return [];
      const offender = order.history
        .filter(
          (event) =>
            MANAGING_EVENTS.has(event.type) &&
            state.subscriptionStartedAt !== null &&
            Date.parse(event.at) > Date.parse(state.subscriptionStartedAt),
        )
        .map((event) => index.member(event.by))
        .find(
          (member) =>
            member !== undefined &&
            isPartnerOn(member, account) &&
            !can(actorOf(member, context.snapshot.roleGrants), 'annotate-order', {
              smartAccount: account,
              virtualAccountId: state.holder!.virtualAccountId,
            }),
        );
      if (!offender) return [];
      return [
        {
          ruleId: this.id,
          severity: this.severity,
          subject: { kind: 'order', salesOrderNumber: order.salesOrderNumber },
          overdue: false,
          message: `${offender.name} (a partner) managed order ${order.salesOrderNumber} in the customer's Smart Account "${account.name}" without a role granted by the customer.`,
          suggestedAction: `Ask ${order.endCustomer.name} to grant ${offender.name} a role on "${account.name}" before managing its licenses.`,
        },
      ];
    });
    return [...fromGrants, ...fromActivity];
  },
};

export const partnerApproverOrAgreement: Rule = {
  id: 'partner-approver-or-agreement',
  title: 'A partner may not be Smart Account Approver nor accept the Smart Licensing Agreement',
  severity: 'critical',
  citation: CITATIONS.partnerLimits,
  check(context) {
    const index = indexSnapshot(context.snapshot);
    const approvers = context.snapshot.roleGrants.flatMap((grant): Finding[] => {
      const member = index.member(grant.memberId);
      const account = index.smartAccount(grant.smartAccountId);
      if (grant.role !== 'smart-account-approver' || !member || !account || !isPartnerOn(member, account)) return [];
      return [
        {
          ruleId: this.id,
          severity: this.severity,
          subject: { kind: 'role-grant', roleGrantId: grant.id },
          overdue: false,
          message: `${member.name} (a partner) is recorded as Smart Account Approver on the customer's account "${account.name}".`,
          suggestedAction: 'Remove the Approver role: that approval must stay with the customer.',
        },
      ];
    });
    const agreements = context.orders.flatMap(({ order, state }): Finding[] =>
      state.agreementAcceptances.flatMap((acceptance) => {
        const member = index.member(acceptance.by);
        const account = index.smartAccount(acceptance.smartAccountId);
        if (!member || !account || !isPartnerOn(member, account)) return [];
        return [
          {
            ruleId: this.id,
            severity: this.severity,
            subject: { kind: 'order', salesOrderNumber: order.salesOrderNumber },
            overdue: false,
            message: `${member.name} (a partner) accepted the Smart Licensing Agreement for "${account.name}" on the customer's behalf.`,
            suggestedAction: `Have ${order.endCustomer.name} accept the Smart Licensing Agreement themselves.`,
          },
        ];
      }),
    );
    return [...approvers, ...agreements];
  },
};

export const administratorMissing: Rule = {
  id: 'holding-account-administrator-missing',
  title: 'A Partner Holding Account without an administrator',
  severity: 'warning',
  citation: CITATIONS.administratorsNeeded,
  check(context) {
    // A file that carries no roles at all (a CCW export) says nothing about administrators.
    if (context.snapshot.roleGrants.length === 0) return [];
    return context.snapshot.smartAccounts
      .filter((account) => account.kind === 'partner-holding')
      .filter(
        (account) =>
          !context.snapshot.roleGrants.some(
            (g) => g.smartAccountId === account.id && g.role === 'holding-account-administrator',
          ),
      )
      .map((account): Finding => ({
        ruleId: this.id,
        severity: this.severity,
        subject: { kind: 'smart-account', smartAccountId: account.id },
        overdue: false,
        message: `Nobody is Holding Account Administrator of "${account.name}": no one can set up notifications, approve access requests or create Virtual Accounts.`,
        suggestedAction: `Grant the Holding Account Administrator role on "${account.name}" to a responsible person.`,
      }));
  },
};

export const memberWithoutRole: Rule = {
  id: 'member-without-role',
  title: 'Everyone who orders has a role',
  severity: 'info',
  citation: CITATIONS.rolesForEveryone,
  check(context) {
    const { members, roleGrants, smartAccounts } = context.snapshot;
    const holdingOwners = new Set(
      smartAccounts.filter((a) => a.kind === 'partner-holding').map((a) => a.organizationId),
    );
    return members
      .filter((member) => holdingOwners.has(member.organizationId) && !roleGrants.some((g) => g.memberId === member.id))
      .map((member): Finding => ({
        ruleId: this.id,
        severity: this.severity,
        subject: { kind: 'organization', organizationId: member.organizationId },
        overdue: false,
        message: `${member.name} has no role on any Smart Account, so CCW shows them none of the holding orders.`,
        suggestedAction: `Grant ${member.name} a Holding Account or Virtual Account role that matches their responsibilities.`,
      }));
  },
};
