import { describe, expect, it } from 'vitest';
import { createMemberBudgets } from './member-budgets.ts';

describe('budgets per member', () => {
  it('are shared by all sockets of a member and separate between members', () => {
    const budgets = createMemberBudgets({
      messagesPerSecond: 1,
      messagesBurst: 3,
      bytesPerSecond: 1,
      bytesBurst: 1000,
    });
    budgets.join('a');
    budgets.join('a');
    budgets.join('b');
    expect(budgets.sockets('a')).toBe(2);
    expect([1, 2, 3, 4].map(() => budgets.message('a', 10))).toEqual([true, true, true, false]);
    expect(budgets.message('b', 10)).toBe(true);
  });

  it('count replies against the member who asked for them', () => {
    const budgets = createMemberBudgets({
      messagesPerSecond: 100,
      messagesBurst: 100,
      bytesPerSecond: 1,
      bytesBurst: 1000,
    });
    budgets.join('a');
    expect(budgets.reply('a', 900)).toBe(true);
    expect(budgets.message('a', 200)).toBe(false);
  });

  it('are forgotten when the last socket of a member leaves', () => {
    const budgets = createMemberBudgets({ messagesPerSecond: 1, messagesBurst: 1, bytesPerSecond: 1, bytesBurst: 10 });
    budgets.join('a');
    budgets.leave('a');
    expect(budgets.sockets('a')).toBe(0);
    expect(budgets.message('a', 1)).toBe(false);
  });
});
