import type { OrderEventType } from '../domain/order-event.ts';
import type { Action } from './action.ts';

/**
 * Which action of the permission matrix recording each order event is: the store checks it before a
 * local write, the relay before it accepts an event into a synced document.
 */
export const ACTION_OF_EVENT: Record<OrderEventType, Action> = {
  placed: 'reassign-order',
  assigned: 'reassign-order',
  'reassignment-started': 'reassign-order',
  'reassignment-cancelled': 'reassign-order',
  delivered: 'reassign-order',
  // Handing an order on moves it out of the distributor's holding account: whoever may reassign there.
  'handed-to-reseller': 'reassign-order',
  'consumption-started': 'annotate-order',
  'line-fulfilment': 'annotate-order',
  reviewed: 'annotate-order',
  'note-added': 'annotate-order',
  'activation-attempted': 'activate-licenses',
  'agreement-accepted': 'accept-smart-licensing-agreement',
};
