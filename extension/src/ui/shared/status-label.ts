import { ORDER_STATUS_LABELS, type OrderStatus } from '@holdfast/core';

/** Kept apart from format.ts so the popup does not pull in core. */
export const statusLabel = (status: OrderStatus): string => ORDER_STATUS_LABELS[status];
