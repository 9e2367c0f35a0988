import * as prng from 'lib0/prng';
import { DAY_MS } from '../domain/common.ts';

/** The seeded randomness and the clock one sample is generated with: same seed, same data. */
export interface SampleDice {
  rng: prng.PRNG;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** An instant `days` before the sample's now, at `hour` o'clock. */
  daysAgo(days: number, hour?: number): string;
}

export function sampleDice(seed: number, now: Date): SampleDice {
  const rng = prng.create(seed);
  return {
    rng,
    pick: <T>(items: readonly T[]): T => prng.oneOf(rng, items as T[]),
    chance: (p) => prng.real53(rng) < p,
    daysAgo: (days, hour = 9) => new Date(now.getTime() - days * DAY_MS + (hour - 9) * 3_600_000).toISOString(),
  };
}
