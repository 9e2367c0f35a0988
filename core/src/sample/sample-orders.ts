import * as prng from 'lib0/prng';
import { DAY_MS } from '../domain/common.ts';
import type { Order } from '../domain/order.ts';
import type { Assignment, OrderEvent } from '../domain/order-event.ts';
import type { SmartAccount } from '../domain/smart-account.ts';
import type { SampleDice } from './sample-dice.ts';
import type { SampleDirectory } from './sample-directory.ts';
import { SKUS } from './sample-names.ts';

/**
 * Orders at every lifecycle stage with a spread of ages: most recent, a long tail forgotten in
 * holding; some on Smart Account hold, some placed straight into the customer's account.
 */
export function generateOrders(
  { rng, pick, chance, daysAgo }: SampleDice,
  { smartAccounts, virtualAccounts, members, distributors, resellers, harbor, customers }: SampleDirectory,
  orderCount: number,
): Order[] {
  const vasOf = (smartAccountId: string) => virtualAccounts.filter((va) => va.smartAccountId === smartAccountId);
  const assign = (smartAccountId: string, kind: SmartAccount['kind'], preferRestricted = false): Assignment => {
    const vas = vasOf(smartAccountId);
    const restricted = vas.filter((va) => va.restricted);
    const open = vas.filter((va) => !va.restricted);
    return {
      smartAccountId,
      virtualAccountId: pick(preferRestricted && restricted.length ? restricted : open.length ? open : vas).id,
      kind,
    };
  };

  const orders: Order[] = [];
  for (let i = 0; i < orderCount; i++) {
    const salesOrderNumber = String(104_000_000 + i * 37);
    const reseller = i % 17 === 0 ? harbor : resellers[i % resellers.length]!;
    const viaDistributor = chance(0.6) ? distributors[i % distributors.length]! : null;
    const ownUse = reseller === harbor && i % 34 === 0;
    const customer = ownUse ? null : customers[prng.uint32(rng, 0, customers.length - 1)]!;
    const endCustomer = customer
      ? {
          name: customer.organization.name,
          emailDomain: customer.organization.emailDomain,
          smartAccountId: customer.smartAccountId,
        }
      : { name: harbor.organization.name, emailDomain: harbor.organization.emailDomain, smartAccountId: null };
    // Most orders are recent; a long tail has been forgotten in holding.
    const age = Math.floor(150 * prng.real53(rng) ** 2);
    const placedAt = daysAgo(age, 8 + (i % 9));
    const placedBy = viaDistributor
      ? members.find((m) => m.organizationId === viaDistributor.id)!.id
      : members.find((m) => m.organizationId === reseller.organization.id)!.id;
    const rep = members.filter((m) => m.organizationId === reseller.organization.id)[1 + (i % 3)]!.id;
    const history: OrderEvent[] = [];
    const event = <T extends OrderEvent['type']>(type: T, daysAfterPlacement: number, fields: object = {}, by = rep) =>
      history.push({
        id: `${salesOrderNumber}:${history.length}:${type}`,
        type,
        at: new Date(Date.parse(placedAt) + daysAfterPlacement * DAY_MS).toISOString(),
        by,
        ...fields,
      } as OrderEvent);

    const holding = assign(reseller.holdingId, 'partner-holding');
    const roll = prng.real53(rng);
    const customerAccount = endCustomer.smartAccountId
      ? assign(
          endCustomer.smartAccountId,
          smartAccounts.find((a) => a.id === endCustomer.smartAccountId)!.kind,
          i % 5 === 0,
        )
      : null;
    if (roll < 0.08) {
      event('placed', 0, { assignment: null, accountPending: false }, placedBy); // on Smart Account hold
    } else if (roll < 0.25 && customerAccount) {
      event('placed', 0, { assignment: customerAccount, accountPending: false }, placedBy); // direct, as the seed recommends
      if (age > 40 && chance(0.5)) event('consumption-started', Math.min(age, 30));
    } else {
      event('placed', 0, { assignment: holding, accountPending: false }, placedBy);
      if (age > 20 && chance(0.3))
        event('line-fulfilment', 5, { lineNumber: 1, fulfilment: chance(0.5) ? 'booked' : 'shipped' });
      if (chance(0.45)) event('reviewed', Math.max(0, age - prng.uint32(rng, 0, 20)));
      if (i === 11) event('activation-attempted', 2, { smartAccountId: reseller.holdingId });
      if (customerAccount && age > 10 && chance(0.55)) {
        const shipped = history.some((e) => e.type === 'line-fulfilment');
        event('reassignment-started', Math.min(age - 1, 8), {
          target: customerAccount,
          via: shipped ? 'asset-transfer' : 'portal',
        });
        if (chance(0.6)) {
          event('delivered', Math.min(age, 10));
          if (chance(0.3))
            event(
              'consumption-started',
              Math.min(age, 12),
              {},
              members.find((m) => m.organizationId === customer!.organization.id)?.id ?? rep,
            );
        }
      }
    }
    const lines = Array.from({ length: 1 + (i % 3) }, (_, n) => {
      const [sku, termMonths] = SKUS[(i + n * 5) % SKUS.length]!;
      return { lineNumber: n + 1, sku, quantity: 1 + prng.uint32(rng, 0, 49), termMonths };
    });
    const updatedAt = history.reduce((latest, e) => (e.at > latest ? e.at : latest), placedAt);
    orders.push({
      salesOrderNumber,
      webOrderId: `WO${String(93_000_000 + i * 13).padStart(9, '0')}`,
      poNumber: `PO-${2026 - Math.floor(age / 365)}-${String(1000 + i).padStart(5, '0')}`,
      endCustomer,
      distributor: viaDistributor ? { name: viaDistributor.name, organizationId: viaDistributor.id } : null,
      reseller: { name: reseller.organization.name, organizationId: reseller.organization.id },
      lines,
      history,
      createdAt: placedAt,
      updatedAt,
    });
  }

  return orders;
}
