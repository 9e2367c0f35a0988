import { OLDEST_IN_HOLDING, type OldestInHoldingRequest } from '../messaging/first-screen-messages.ts';
import { takeEarlyAnswer } from './early-reads.ts';
import { isFirstScreen, type FirstScreen } from './first-screen.ts';

/** The part of `browser.runtime` this needs. */
export interface RuntimeLike {
  sendMessage(message: unknown): Promise<unknown>;
}

/**
 * A side panel's oldest orders in holding, read by the background (the same
 * `SidePanelService.oldestInHolding`, over the worker's open store) instead of opening the store
 * in the page first: with nothing kept, the panel's first screen is then in as soon as its module
 * runs. Nothing is kept only just after something the background itself saw (an install, another
 * member chosen, an update: its first-screen keeper has not run yet), so its worker is awake; were
 * it asleep, the message wakes it. The first answer is the one the early script asked for as the
 * page started (the module takes it only when no screen is kept for the member). An answer for
 * another member (the choice changed meanwhile) is none: the fresh list follows.
 */
export function oldestFromBackground(
  runtime: RuntimeLike,
  early: () => Promise<unknown> | undefined = () => takeEarlyAnswer(OLDEST_IN_HOLDING),
): (memberId: string) => Promise<FirstScreen | null> {
  const request: OldestInHoldingRequest = { type: OLDEST_IN_HOLDING };
  return async (memberId) => {
    const answer = (await early()) ?? (await runtime.sendMessage(request));
    if (typeof answer === 'object' && answer !== null && 'error' in answer) throw new Error(String(answer.error));
    const screen = typeof answer === 'object' && answer !== null && 'screen' in answer ? answer.screen : null;
    return isFirstScreen(screen) && screen.memberId === memberId ? screen : null;
  };
}
