import { describe, expect, it } from 'vitest';
import { OLDEST_IN_HOLDING } from '../messaging/first-screen-messages.ts';
import type { FirstScreen } from './first-screen.ts';
import { oldestFromBackground } from './oldest-from-background.ts';

const screenOf = (memberId: string): FirstScreen => ({ memberId, total: 3, entries: [] });

/** A runtime that answers every request with `answer`, recording what it was asked. */
function runtime(answer: unknown) {
  const asked: unknown[] = [];
  return { asked, sendMessage: async (message: unknown) => (asked.push(message), answer) };
}

describe("the side panel's oldest orders, read by the background", () => {
  it("takes the early script's answer first, and asks the background itself after that", async () => {
    const background = runtime({ screen: screenOf('dana') });
    let early: Promise<unknown> | undefined = Promise.resolve({ screen: screenOf('dana') });
    const oldest = oldestFromBackground(background, () => {
      const answer = early;
      early = undefined;
      return answer;
    });
    expect(await oldest('dana')).toEqual(screenOf('dana'));
    expect(background.asked).toEqual([]);
    expect(await oldest('dana')).toEqual(screenOf('dana'));
    expect(background.asked).toEqual([{ type: OLDEST_IN_HOLDING }]);
  });

  it('asks the background when the early script asked nothing (it saw a screen kept)', async () => {
    const background = runtime({ screen: screenOf('dana') });
    const oldest = oldestFromBackground(background, () => Promise.resolve(undefined));
    expect(await oldest('dana')).toEqual(screenOf('dana'));
    expect(background.asked).toHaveLength(1);
  });

  it('shows nothing for a screen read for another member, or none (no member chosen there)', async () => {
    expect(await oldestFromBackground(runtime({ screen: screenOf('eli') }), () => undefined)('dana')).toBeNull();
    expect(await oldestFromBackground(runtime({ screen: null }), () => undefined)('dana')).toBeNull();
    expect(await oldestFromBackground(runtime({ screen: { memberId: 'dana' } }), () => undefined)('dana')).toBeNull();
  });

  it("fails with the background's reason when it could not read the orders", async () => {
    const oldest = oldestFromBackground(runtime({ error: 'the store is closed' }), () => undefined);
    await expect(oldest('dana')).rejects.toThrow('the store is closed');
  });
});
