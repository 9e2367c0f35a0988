import { HoldfastError } from '../domain/errors.ts';
import type { ImportError } from '../io/import-error.ts';

/** A member tried something the permission matrix does not give them on that order. */
export class PermissionDeniedError extends HoldfastError {
  constructor(message: string) {
    super('permission-denied', message);
  }
}

export class UnknownMemberError extends HoldfastError {
  constructor(memberId: string) {
    super(
      'unknown-member',
      `No member "${memberId}" in the local store; import or sync the directory that lists them first.`,
    );
  }
}

export class OrderNotFoundError extends HoldfastError {
  constructor(salesOrderNumber: string) {
    super('order-not-found', `No order with sales order number "${salesOrderNumber}" in the local store.`);
  }
}

/** An import refused as a whole: nothing was written; `errors` lists every problem found. */
export class ImportRefusedError extends HoldfastError {
  constructor(readonly errors: ImportError[]) {
    super(
      'import-refused',
      `The file was not imported: ${errors.length} problem(s), first: ${errors[0]?.message ?? 'unknown'}`,
    );
  }
}
