import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OLDEST_IN_HOLDING } from '../messaging/first-screen-messages.ts';
import { takeEarlyAnswer, withEarlyRead } from './early-reads.ts';
import { FIRST_SCREEN_KEY } from './first-screen.ts';
import { STORE_NAME } from './open-store.ts';
import { memoryArea, PREFERENCES_KEY } from './preferences.ts';

describe("the side panel's early reads", () => {
  it('answer the first read of their key, and every later read asks the area', async () => {
    const area = memoryArea();
    await area.set({ k: 'now' });
    const early = { k: Promise.resolve({ k: 'at load' }) };
    const read = withEarlyRead(area, 'k', early);
    expect(await read.get('k')).toEqual({ k: 'at load' });
    expect(await read.get('k')).toEqual({ k: 'now' });
    await read.set({ k: 'later' });
    expect(await area.get('k')).toEqual({ k: 'later' });
  });

  it('leave the area as it is when the early script asked for nothing', async () => {
    const area = memoryArea();
    await area.set({ k: 'now' });
    expect(await withEarlyRead(area, 'k', {}).get('k')).toEqual({ k: 'now' });
  });

  it("give the background's early answer once: a later caller asks for itself", async () => {
    const early = { [OLDEST_IN_HOLDING]: Promise.resolve({ screen: null }) };
    expect(await takeEarlyAnswer(OLDEST_IN_HOLDING, early)).toEqual({ screen: null });
    expect(takeEarlyAnswer(OLDEST_IN_HOLDING, early)).toBeUndefined();
  });

  it('are asked for under the names the page reads: the store, the preferences, the kept first screen, the oldest orders', () => {
    const script = readFileSync(new URL('../../public/side-panel-early.js', import.meta.url), 'utf8');
    expect(script).toContain(`indexedDB.open('${STORE_NAME}')`);
    expect(script).toContain(`storage.local.get('${PREFERENCES_KEY}')`);
    expect(script).toContain(`storage.session.get('${FIRST_SCREEN_KEY}')`);
    expect(script).toContain(`'${PREFERENCES_KEY}': `);
    expect(script).toContain(`'${FIRST_SCREEN_KEY}': `);
    expect(script).toContain(`sendMessage({ type: '${OLDEST_IN_HOLDING}' })`);
    expect(script).toContain(`'${OLDEST_IN_HOLDING}': `);
  });

  it("start as the page's head is parsed: a plain script, neither deferred nor a module", () => {
    const page = readFileSync(new URL('../../entrypoints/sidepanel/index.html', import.meta.url), 'utf8');
    const head = page.slice(0, page.indexOf('</head>'));
    // A deferred script would wait for the whole page and its stylesheets before asking.
    expect(head).toMatch(/<script src="\/side-panel-early\.js"><\/script>/);
  });
});
