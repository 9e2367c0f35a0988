import { isCustomerOwned } from '../domain/smart-account.ts';
import { CITATIONS } from '../citations/citation.ts';
import type { Finding, Rule } from './rule.ts';
import { indexSnapshot } from './snapshot-index.ts';

/** Words that suggest a name reveals something the customer would not show a reseller. */
const CONFIDENTIAL =
  /\b(confidential|secret|internal[- ]only|do[- ]not[- ]share|acquisition|merger|m&a|divestiture|layoffs?|salary|payroll|legal[- ]hold|codename|project [a-z]+)\b/i;

export function looksConfidential(name: string): boolean {
  return CONFIDENTIAL.test(name);
}

export const confidentialVirtualAccountName: Rule = {
  id: 'confidential-virtual-account-name',
  title: 'Virtual Account names are visible to partners',
  severity: 'warning',
  citation: CITATIONS.virtualAccountNamesVisible,
  check(context) {
    const index = indexSnapshot(context.snapshot);
    return context.snapshot.virtualAccounts.flatMap((va): Finding[] => {
      const account = index.smartAccount(va.smartAccountId);
      if (!account || !isCustomerOwned(account) || !looksConfidential(va.name)) return [];
      return [
        {
          ruleId: this.id,
          severity: this.severity,
          subject: { kind: 'virtual-account', virtualAccountId: va.id },
          overdue: false,
          message: `Virtual Account "${va.name}" of "${account.name}" looks confidential, and partners who order for this account can see its name.`,
          suggestedAction: 'Suggest the customer rename it to something neutral (a region, department or team).',
        },
      ];
    });
  },
};
