// @vitest-environment happy-dom
import { render, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { useAsync, type AsyncState } from './use-async.ts';

function Probe({ id, seen }: { id: string; seen: AsyncState<string>[] }) {
  const state = useAsync(async () => `loaded ${id}`, [id]);
  seen.push(state);
  return <p>{state.status === 'ready' ? state.value : state.status}</p>;
}

describe('useAsync', () => {
  it('never shows the value loaded for the previous deps after the deps change', async () => {
    const seen: AsyncState<string>[] = [];
    const view = render(<Probe id="a" seen={seen} />);
    await waitFor(() => expect(view.container.textContent).toBe('loaded a'));
    seen.length = 0;
    view.rerender(<Probe id="b" seen={seen} />);
    await waitFor(() => expect(view.container.textContent).toBe('loaded b'));
    expect(seen.some((s) => s.status === 'ready' && s.value === 'loaded a')).toBe(false);
  });
});
