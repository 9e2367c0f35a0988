// @vitest-environment happy-dom
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ForgetData, FORGET_QUESTION } from './forget-data.tsx';

afterEach(cleanup);

function renderForget(answer: boolean) {
  const asked: string[] = [];
  let forgets = 0;
  let forgotten = 0;
  const view = render(
    <ForgetData
      confirm={(question) => (asked.push(question), answer)}
      forget={async () => (forgets++, { ok: true, databases: ['holdfast'] })}
      onForgotten={() => forgotten++}
    />,
  );
  fireEvent.click(view.getByRole('button', { name: 'Forget this computer’s data' }));
  return { view, asked, counts: () => ({ forgets, forgotten }) };
}

describe("forgetting this computer's data", () => {
  it('asks first, naming what is lost, and removes nothing when the user says no', async () => {
    const { view, asked, counts } = renderForget(false);
    await waitFor(() => expect(view.getByTestId('forget-message').textContent).toBe('Nothing was removed.'));
    expect(asked).toEqual([FORGET_QUESTION]);
    expect(FORGET_QUESTION).toContain('never synced with a team are lost');
    expect(counts()).toEqual({ forgets: 0, forgotten: 0 });
  });

  it('removes everything once confirmed, and says so', async () => {
    const { view, counts } = renderForget(true);
    await waitFor(() => expect(view.getByTestId('forget-message').textContent).toContain('is removed'));
    expect(counts()).toEqual({ forgets: 1, forgotten: 1 });
  });
});
