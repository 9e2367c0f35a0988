import { useEffect, useState } from 'preact/hooks';

export type AsyncState<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: string };

const sameDeps = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((value, i) => Object.is(value, b[i]));

/**
 * Runs `load` whenever `deps` change and keeps the latest result. A result belongs to the deps it
 * was loaded for: right after the deps change the state reads 'loading', never the old value.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ deps: readonly unknown[]; result: AsyncState<T> }>({ deps, result: { status: 'loading' } });
  useEffect(() => {
    let current = true;
    setState({ deps, result: { status: 'loading' } });
    load().then(
      (value) => current && setState({ deps, result: { status: 'ready', value } }),
      (error: unknown) => current && setState({ deps, result: { status: 'error', error: error instanceof Error ? error.message : String(error) } }),
    );
    return () => {
      current = false;
    };
  }, deps);
  return sameDeps(state.deps, deps) ? state.result : { status: 'loading' };
}
