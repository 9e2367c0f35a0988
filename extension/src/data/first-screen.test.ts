import { describe, expect, it } from 'vitest';
import { createFirstScreenCache, FIRST_SCREEN_ENTRIES, FIRST_SCREEN_KEY } from './first-screen.ts';
import type { ListEntry } from './order-list.ts';
import { memoryArea } from './preferences.ts';

const headings = (count: number): ListEntry[] =>
  Array.from({ length: count }, (_, i) => ({ kind: 'heading', key: `h:${i}`, title: `VA ${i}`, count: 1 }));

describe('the first screen kept for the next side panel', () => {
  it('gives back what was saved, for the member it was saved for', async () => {
    const cache = createFirstScreenCache(memoryArea());
    expect(await cache.read()).toBeNull();
    await cache.save({ memberId: 'acme:ana', total: 3, entries: headings(3) });
    expect(await cache.read()).toEqual({ memberId: 'acme:ana', total: 3, entries: headings(3) });
  });

  it('keeps only as many entries as fill a side panel', async () => {
    const cache = createFirstScreenCache(memoryArea());
    await cache.save({ memberId: 'acme:ana', total: 500, entries: headings(500) });
    const screen = await cache.read();
    expect(screen!.entries).toHaveLength(FIRST_SCREEN_ENTRIES);
    expect(screen!.total).toBe(500);
  });

  it('ignores a stored value that is not a first screen', async () => {
    const area = memoryArea();
    await area.set({ [FIRST_SCREEN_KEY]: { entries: 'nonsense' } });
    expect(await createFirstScreenCache(area).read()).toBeNull();
  });
});
