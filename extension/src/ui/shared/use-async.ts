import { useLayoutEffect, useState } from 'preact/hooks';

export type AsyncState<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: string };

const sameDeps = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
const LOADING = { status: 'loading' } as const;

/**
 * Runs `load` whenever `deps` or `refresh` change and keeps the latest result. A result belongs to
 * the deps it was loaded for: right after the deps change the state reads 'loading', never the old
 * value. A change of `refresh` alone (the data changed underneath) keeps showing the current value
 * until the new one arrives, so live updates never flash a loading state.
 *
 * Loads start in a layout effect, as the render is committed, not after the next frame as
 * `useEffect` would: a screen whose data comes in steps (preferences, then the member's orders)
 * would otherwise wait for a frame at each step before its reads even began.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[], refresh: unknown = null): AsyncState<T> {
  const [state, setState] = useState<{ deps: readonly unknown[]; result: AsyncState<T> }>({ deps, result: LOADING });
  useLayoutEffect(() => {
    let current = true;
    setState((previous) =>
      sameDeps(previous.deps, deps) && previous.result.status === 'ready' ? previous : { deps, result: LOADING },
    );
    load().then(
      (value) => current && setState({ deps, result: { status: 'ready', value } }),
      (error: unknown) =>
        current &&
        setState({ deps, result: { status: 'error', error: error instanceof Error ? error.message : String(error) } }),
    );
    return () => {
      current = false;
    };
  }, [...deps, refresh]);
  return sameDeps(state.deps, deps) ? state.result : LOADING;
}
