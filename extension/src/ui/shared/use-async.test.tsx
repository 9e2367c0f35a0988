// @vitest-environment happy-dom
import { render, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { useAsync, type AsyncState } from './use-async.ts';

function Probe({ id, seen, refresh = 0 }: { id: string; seen: AsyncState<string>[]; refresh?: number }) {
  const state = useAsync(async () => `loaded ${id} #${refresh}`, [id], refresh);
  seen.push(state);
  return <p>{state.status === 'ready' ? state.value : state.status}</p>;
}

describe('useAsync', () => {
  it('never shows the value loaded for the previous deps after the deps change', async () => {
    const seen: AsyncState<string>[] = [];
    const view = render(<Probe id="a" seen={seen} />);
    await waitFor(() => expect(view.container.textContent).toBe('loaded a #0'));
    seen.length = 0;
    view.rerender(<Probe id="b" seen={seen} />);
    await waitFor(() => expect(view.container.textContent).toBe('loaded b #0'));
    expect(seen.some((s) => s.status === 'ready' && s.value === 'loaded a #0')).toBe(false);
  });

  it('keeps showing the current value while a refresh of the same deps loads', async () => {
    const seen: AsyncState<string>[] = [];
    const view = render(<Probe id="a" seen={seen} />);
    await waitFor(() => expect(view.container.textContent).toBe('loaded a #0'));
    seen.length = 0;
    view.rerender(<Probe id="a" seen={seen} refresh={1} />);
    await waitFor(() => expect(view.container.textContent).toBe('loaded a #1'));
    expect(seen.map((s) => s.status)).not.toContain('loading');
  });
});
