import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';

export interface BudgetLimits {
  messagesPerSecond: number;
  messagesBurst: number;
  bytesPerSecond: number;
  bytesBurst: number;
}

/**
 * What one member may cost the relay per second, shared by all their sockets: messages received,
 * and bytes received plus bytes of the replies they asked for (a sync step 2 of a large document
 * counts against whoever requested it). More sockets do not buy a member more budget.
 */
export function createMemberBudgets(limits: BudgetLimits) {
  const budgets = new Map<string, { messages: RateLimiter; bytes: RateLimiter; sockets: number }>();
  return {
    join(memberId: string): void {
      let budget = budgets.get(memberId);
      if (!budget) {
        budget = {
          messages: createRateLimiter(limits.messagesPerSecond, limits.messagesBurst),
          bytes: createRateLimiter(limits.bytesPerSecond, limits.bytesBurst),
          sockets: 0,
        };
        budgets.set(memberId, budget);
      }
      budget.sockets++;
    },
    leave(memberId: string): void {
      const budget = budgets.get(memberId);
      if (budget && --budget.sockets <= 0) budgets.delete(memberId);
    },
    sockets: (memberId: string): number => budgets.get(memberId)?.sockets ?? 0,
    /** One message of `bytes` received; false when the member is over budget. */
    message(memberId: string, bytes: number): boolean {
      const budget = budgets.get(memberId);
      return !!budget && budget.messages.take(1) && budget.bytes.take(bytes);
    },
    /** A reply of `bytes` sent on the member's request; false when the member is over budget. */
    reply(memberId: string, bytes: number): boolean {
      const budget = budgets.get(memberId);
      return !!budget && budget.bytes.take(Math.min(bytes, limits.bytesBurst));
    },
  };
}
export type MemberBudgets = ReturnType<typeof createMemberBudgets>;
