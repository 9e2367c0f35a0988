import {
  administratorMissing,
  customerGrantMissing,
  memberWithoutRole,
  partnerApproverOrAgreement,
} from './access-rules.ts';
import {
  b2bSingleDefault,
  centralisedPurchasingLayout,
  holdingAccountRequired,
  ownUseNeedsCustomerAccount,
  regionalPurchasingLayout,
  subsidiariesHoldingAccounts,
} from './account-rules.ts';
import {
  activationInHolding,
  customerAccountKnown,
  holdingTooLong,
  limitedUseForPublicDomain,
  pastPortalReassignment,
  restrictedTargetNeedsExactName,
  reviewOverdue,
  subscriptionNotStarted,
} from './order-rules.ts';
import { distributorHandOff } from './chain-rules.ts';
import { smartAccountHold } from './hold-rules.ts';
import type { Rule } from './rule.ts';
import { confidentialVirtualAccountName } from './virtual-account-rules.ts';

/** Every best-practice rule Holdfast checks, most urgent kinds first. */
export const RULES: readonly Rule[] = [
  smartAccountHold,
  holdingTooLong,
  customerAccountKnown,
  reviewOverdue,
  subscriptionNotStarted,
  pastPortalReassignment,
  distributorHandOff,
  activationInHolding,
  limitedUseForPublicDomain,
  restrictedTargetNeedsExactName,
  customerGrantMissing,
  partnerApproverOrAgreement,
  administratorMissing,
  memberWithoutRole,
  holdingAccountRequired,
  ownUseNeedsCustomerAccount,
  b2bSingleDefault,
  centralisedPurchasingLayout,
  regionalPurchasingLayout,
  subsidiariesHoldingAccounts,
  confidentialVirtualAccountName,
];

export const ruleById = (id: string): Rule | undefined => RULES.find((rule) => rule.id === id);
