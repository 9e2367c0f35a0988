import { isReseller } from '../domain/organization.ts';
import { CITATIONS } from '../citations/citation.ts';
import type { Finding, Rule, Severity } from './rule.ts';

const organizationFinding = (
  ruleId: string,
  severity: Severity,
  organizationId: string,
  message: string,
  suggestedAction: string,
): Finding => ({
  ruleId,
  severity,
  subject: { kind: 'organization', organizationId },
  overdue: false,
  message,
  suggestedAction,
});

export const ownUseNeedsCustomerAccount: Rule = {
  id: 'own-use-needs-customer-account',
  title: 'A partner buying for its own use needs its own Customer Smart Account',
  severity: 'warning',
  citation: CITATIONS.ownUse,
  check(context) {
    const { organizations, smartAccounts } = context.snapshot;
    return organizations.filter(isReseller).flatMap((organization) => {
      const ownOrders = context.orders.filter(
        ({ order }) => order.endCustomer.emailDomain === organization.emailDomain,
      );
      const hasCustomerAccount = smartAccounts.some(
        (a) => a.organizationId === organization.id && a.kind !== 'partner-holding',
      );
      if (ownOrders.length === 0 || hasCustomerAccount) return [];
      const numbers = ownOrders.map(({ order }) => order.salesOrderNumber).join(', ');
      return [
        organizationFinding(
          this.id,
          this.severity,
          organization.id,
          `${organization.name} orders for its own use (${numbers}) but has no Customer Smart Account of its own.`,
          `Create a Customer Smart Account for ${organization.name} and assign its own orders there, not to the holding account.`,
        ),
      ];
    });
  },
};

export const holdingAccountRequired: Rule = {
  id: 'holding-account-required',
  title: 'Every reselling partner and distributor has a Partner Holding Account',
  severity: 'critical',
  citation: CITATIONS.holdingRequired,
  check(context) {
    const { organizations, smartAccounts } = context.snapshot;
    return organizations
      .filter(isReseller)
      .filter(
        (organization) =>
          !smartAccounts.some((a) => a.organizationId === organization.id && a.kind === 'partner-holding'),
      )
      .map((organization) =>
        organizationFinding(
          this.id,
          this.severity,
          organization.id,
          `${organization.name} resells Cisco products but has no Partner Holding Account.`,
          `Request a Partner Holding Account for ${organization.name}.`,
        ),
      );
  },
};

export const b2bSingleDefault: Rule = {
  id: 'b2b-single-default-holding-account',
  title: 'One default Partner Holding Account per Cisco ID for B2B orders',
  severity: 'critical',
  citation: CITATIONS.b2bSingleDefault,
  check(context) {
    const byCiscoId = new Map<string, string[]>();
    for (const account of context.snapshot.smartAccounts) {
      if (account.kind !== 'partner-holding' || !account.b2bDefaultForCiscoId) continue;
      byCiscoId.set(account.b2bDefaultForCiscoId, [...(byCiscoId.get(account.b2bDefaultForCiscoId) ?? []), account.id]);
    }
    return [...byCiscoId].flatMap(([ciscoId, accountIds]) =>
      accountIds.length < 2
        ? []
        : accountIds.map((smartAccountId): Finding => ({
            ruleId: this.id,
            severity: this.severity,
            subject: { kind: 'smart-account', smartAccountId },
            overdue: false,
            message: `${accountIds.length} Partner Holding Accounts are marked default for B2B orders of Cisco ID ${ciscoId}.`,
            suggestedAction: `Keep one default Partner Holding Account for ${ciscoId} and unlink the others.`,
          })),
    );
  },
};

const holdingAccountsOf = (context: Parameters<Rule['check']>[0], organizationId: string) =>
  context.snapshot.smartAccounts.filter((a) => a.organizationId === organizationId && a.kind === 'partner-holding');

export const centralisedPurchasingLayout: Rule = {
  id: 'centralised-purchasing-layout',
  title: 'Centralised purchasing: one Virtual Account (or one beside the Default) is enough',
  severity: 'info',
  citation: CITATIONS.centralisedPurchasing,
  check(context) {
    return context.snapshot.organizations.flatMap((organization) => {
      if (organization.purchasing?.model !== 'centralised') return [];
      return holdingAccountsOf(context, organization.id).flatMap((account): Finding[] => {
        const extra = context.snapshot.virtualAccounts.filter(
          (va) => va.smartAccountId === account.id && !va.isDefault,
        );
        if (extra.length <= 1) return [];
        return [
          {
            ruleId: this.id,
            severity: this.severity,
            subject: { kind: 'smart-account', smartAccountId: account.id },
            overdue: false,
            message: `${organization.name} buys centrally but "${account.name}" has ${extra.length} Virtual Accounts beside the Default.`,
            suggestedAction:
              'Consolidate to one Virtual Account (or one beside the Default) so no order is overlooked.',
          },
        ];
      });
    });
  },
};

export const regionalPurchasingLayout: Rule = {
  id: 'regional-purchasing-layout',
  title: 'Purchasing in several regions or countries: one Virtual Account each',
  severity: 'info',
  citation: CITATIONS.regionalPurchasing,
  check(context) {
    return context.snapshot.organizations.flatMap((organization) => {
      const purchasing = organization.purchasing;
      if (purchasing?.model !== 'regional' || purchasing.regions.length < 2) return [];
      const holdingIds = new Set(holdingAccountsOf(context, organization.id).map((a) => a.id));
      const covered = context.snapshot.virtualAccounts
        .filter((va) => holdingIds.has(va.smartAccountId))
        .flatMap((va) => [
          va.name.toLowerCase(),
          va.category?.kind === 'region' ? va.category.value.toLowerCase() : '',
        ]);
      const missing = purchasing.regions.filter((region) => !covered.some((c) => c.includes(region.toLowerCase())));
      if (missing.length === 0) return [];
      return [
        {
          ruleId: this.id,
          severity: this.severity,
          subject: { kind: 'organization', organizationId: organization.id },
          overdue: false,
          message: `${organization.name} purchases in ${purchasing.regions.length} regions, but ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no Virtual Account.`,
          suggestedAction: `Create a Virtual Account per region (${missing.join(', ')}) and categorise it by region.`,
        } satisfies Finding,
      ];
    });
  },
};

export const subsidiariesHoldingAccounts: Rule = {
  id: 'subsidiaries-holding-accounts',
  title: 'Independent subsidiaries may each have a Partner Holding Account',
  severity: 'info',
  citation: CITATIONS.subsidiaries,
  check(context) {
    return context.snapshot.organizations.flatMap((organization) => {
      if (!organization.purchasing?.hasIndependentSubsidiaries) return [];
      if (holdingAccountsOf(context, organization.id).length !== 1) return [];
      return [
        organizationFinding(
          this.id,
          this.severity,
          organization.id,
          `${organization.name} has independent subsidiaries with their own purchasing but only one Partner Holding Account.`,
          'Consider requesting a Partner Holding Account per independent subsidiary.',
        ),
      ];
    });
  },
};
