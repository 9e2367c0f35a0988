import * as z from 'zod/mini';
import type { FirstScreen } from '../data/first-screen.ts';

/**
 * A side panel with no first screen kept asks the background for the chosen member's oldest
 * orders in holding: the background holds the store open and warm, so the answer is in before
 * the panel's own module has run (public/side-panel-early.js asks as the page starts, before it
 * knows whether a screen is kept).
 */
export const OLDEST_IN_HOLDING = 'holdfast/oldest-in-holding';
export const oldestInHoldingRequestSchema = z.object({ type: z.literal(OLDEST_IN_HOLDING) });
export type OldestInHoldingRequest = z.infer<typeof oldestInHoldingRequestSchema>;

/** `screen` is null while no member is chosen or a screen is kept for them; it names the member it was read for. */
export type OldestInHoldingResponse = { screen: FirstScreen | null } | { error: string };
