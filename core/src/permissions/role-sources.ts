import type { Role } from '../domain/role.ts';
import { CITATIONS, type Citation } from '../citations/citation.ts';

/**
 * The sentences each role's row of PERMISSION_TABLE rests on, quoted word for word (the citation
 * test checks them against the stored copies). Typed as a record over Role: a role added without
 * its sources does not compile.
 */
export const ROLE_SOURCES: Record<Role, readonly Citation[]> = {
  'holding-account-administrator': [
    CITATIONS.holdingAdministratorRole,
    CITATIONS.administratorsNeeded,
    CITATIONS.smartAccountAdministratorRole,
    CITATIONS.onlyAdministratorApprovesAccess,
  ],
  'holding-account-user': [CITATIONS.holdingUserRole, CITATIONS.smartAccountUserRole],
  'virtual-account-administrator': [
    CITATIONS.virtualAccountAdministratorRole,
    CITATIONS.onlyAdministratorApprovesAccess,
  ],
  'virtual-account-user': [CITATIONS.virtualAccountUserRole],
  'virtual-account-viewer': [CITATIONS.virtualAccountViewerRole, CITATIONS.smartAccountViewerRole],
  'smart-account-administrator': [CITATIONS.smartAccountAdministratorRole, CITATIONS.onlyAdministratorApprovesAccess],
  'smart-account-user': [CITATIONS.smartAccountUserRole],
  'smart-account-approver': [
    CITATIONS.approverAgreementsOnly,
    CITATIONS.approverNoAccessRequests,
    CITATIONS.partnerLimits,
  ],
  'smart-account-viewer': [CITATIONS.smartAccountViewerRole],
};
