/** Base of every failure the domain reports on purpose; `code` is stable for callers and tests. */
export class HoldfastError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** An order event that the order's current lifecycle state does not allow. */
export class InvalidTransitionError extends HoldfastError {
  constructor(message: string) {
    super('invalid-transition', message);
  }
}

/** A role grant the seeds forbid, or one that does not fit the account it names. */
export class RoleGrantRefusedError extends HoldfastError {
  constructor(message: string) {
    super('role-grant-refused', message);
  }
}

/** An action the seeds reserve for the customer, attempted by a partner. */
export class PartnerNotAllowedError extends HoldfastError {
  constructor(message: string) {
    super('partner-not-allowed', message);
  }
}

/** A change to the Smart Account / Virtual Account structure that would break its invariants. */
export class AccountStructureError extends HoldfastError {
  constructor(message: string) {
    super('account-structure', message);
  }
}
