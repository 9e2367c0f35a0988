import { CITATIONS } from '../citations/citation.ts';
import type { Rule } from './rule.ts';
import { orderFindings } from './order-rules.ts';
import { indexSnapshot } from './snapshot-index.ts';

/**
 * The distributor → reseller chain: "If a distributor creates the software license order in Cisco
 * Commerce Workspace (CCW), the distributor can assign the order to their reseller’s Partner Holding
 * Account. The reseller can then reassign the order to their end customer’s Customer Smart
 * Account." An order a distributor parked in its own holding account for a reseller waits on the
 * distributor: the reseller, who knows the customer, cannot reassign it from there.
 */
export const distributorHandOff: Rule = {
  id: 'distributor-hand-off',
  title: "In the distributor's holding account: hand it to the reseller's",
  severity: 'info',
  citation: CITATIONS.distributorToReseller,
  check(context) {
    const index = indexSnapshot(context.snapshot);
    return orderFindings(context, this, ({ order, state }) => {
      const { distributor, reseller } = order;
      if (state.status !== 'in-holding' || state.partial || !state.holder) return null;
      if (!distributor?.organizationId || !reseller || reseller.organizationId === distributor.organizationId)
        return null;
      const account = index.smartAccount(state.holder.smartAccountId);
      if (account?.organizationId !== distributor.organizationId) return null;
      const resellerHolding = context.snapshot.smartAccounts.find(
        (a) => a.kind === 'partner-holding' && a.organizationId === reseller.organizationId,
      );
      return {
        message: `Order ${order.salesOrderNumber} for ${order.endCustomer.name} sits in ${distributor.name}'s holding account "${account.name}", not yet with its reseller ${reseller.name}.`,
        suggestedAction: resellerHolding
          ? `Hand order ${order.salesOrderNumber} to ${reseller.name}'s Partner Holding Account "${resellerHolding.name}" in CCW (or assign it straight to the customer's Smart Account if ${distributor.name} knows it).`
          : `Ask ${reseller.name} which Partner Holding Account to hand order ${order.salesOrderNumber} to, then assign it there in CCW.`,
      };
    });
  },
};
