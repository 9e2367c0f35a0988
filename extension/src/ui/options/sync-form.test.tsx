// @vitest-environment happy-dom
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { HoldfastService } from '../../data/holdfast-service.ts';
import { createPreferences, memoryArea } from '../../data/preferences.ts';
import type { TeamChannel } from '../../data/team-channel.ts';
import { SyncForm } from './sync-form.tsx';

const token = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
afterEach(cleanup);

const silentTeam: TeamChannel = {
  tick: async () => undefined,
  record: async () => undefined,
  setViewing: () => undefined,
  retryNow: () => undefined,
  subscribe: () => () => undefined,
  close: () => undefined,
};

function renderForm(grant: boolean) {
  const preferences = createPreferences(memoryArea());
  const asked: string[] = [];
  const service = { preferences } as unknown as HoldfastService;
  const view = render(
    <SyncForm
      service={service}
      team={silentTeam}
      onChanged={() => undefined}
      requestPermission={async (origin) => (asked.push(origin), grant)}
    />,
  );
  const turnOn = async (url: string, relayToken: string) => {
    ((await view.findByLabelText('Relay URL')) as HTMLInputElement).value = url;
    (view.getByLabelText('Relay token') as HTMLInputElement).value = relayToken;
    fireEvent.submit(view.getByRole('button', { name: 'Turn sync on' }).closest('form')!);
  };
  return { view, preferences, asked, turnOn };
}

describe('turning team sync on', () => {
  it("asks for the relay's origin, then signs in as the member the token names", async () => {
    const { view, preferences, asked, turnOn } = renderForm(true);
    await turnOn('wss://relay.bluewave.example:8443', token({ sub: 'bluewave:alex' }));
    await waitFor(() =>
      expect(view.getByTestId('sync-message').textContent).toBe(
        'Sync is on. You are alex (bluewave), as your token says.',
      ),
    );
    expect(asked).toEqual(['wss://relay.bluewave.example/*']);
    expect(await preferences.read()).toMatchObject({
      syncEnabled: true,
      memberId: 'bluewave:alex',
      relayUrl: 'wss://relay.bluewave.example:8443',
    });
  });

  it('stays off when the browser refuses the origin', async () => {
    const { view, preferences, turnOn } = renderForm(false);
    await turnOn('wss://relay.bluewave.example', token({ sub: 'bluewave:alex' }));
    await waitFor(() =>
      expect(view.getByTestId('sync-message').textContent).toBe(
        'Sync stays off: Holdfast was not allowed to reach relay.bluewave.example.',
      ),
    );
    expect((await preferences.read()).syncEnabled).toBe(false);
  });

  it.each([
    ['https://relay.example', token({ sub: 'x' }), 'the relay URL must start with wss://'],
    ['ws://relay.example', token({ sub: 'x' }), 'ws:// would send your token unencrypted to relay.example; use wss://'],
    ['wss://relay.example', 'not a token', 'The token has spaces or line breaks'],
    ['wss://relay.example', 'nonsense', 'That is not a relay token'],
    ['wss://relay.example', `Bearer ${token({ sub: 'x' })}`, 'without "Bearer"'],
    ['wss://relay.example', token({ sub: 'x', exp: 1_000_000 }), 'This token expired'],
  ])('refuses %s with %s, saying why, without asking the browser', async (url, relayToken, why) => {
    const { view, preferences, asked, turnOn } = renderForm(true);
    await turnOn(url, relayToken);
    await waitFor(() => expect(view.getByTestId('sync-message').textContent).toContain(why));
    expect(asked).toEqual([]);
    expect((await preferences.read()).syncEnabled).toBe(false);
  });
});

describe('pasting a relay token', () => {
  it('says at once when the pasted text is not a token alone, and when it is', async () => {
    const { view } = renderForm(true);
    const input = (await view.findByLabelText('Relay token')) as HTMLInputElement;
    fireEvent.input(input, { target: { value: `token: ${token({ sub: 'bluewave:alex' })}` } });
    expect(view.getByTestId('token-note').textContent).toMatch(/spaces or line breaks/);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    fireEvent.input(input, { target: { value: token({ sub: 'bluewave:alex' }) } });
    expect(view.getByTestId('token-note').textContent).toBe('This looks like a relay token.');
  });
});
