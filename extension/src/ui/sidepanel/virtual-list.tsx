import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';

export interface VirtualListProps<T> {
  items: readonly T[];
  label: string;
  size(item: T): number;
  keyOf(item: T): string;
  /** Whether keyboard focus may rest on the item (headings are skipped). */
  selectable(item: T): boolean;
  render(item: T, active: boolean): ComponentChildren;
  onOpen(item: T): void;
}

/**
 * A list that renders only the rows in view (@tanstack/virtual-core), so thousands of orders
 * scroll smoothly. Keyboard: the list takes focus once; arrows, Home and End move the active
 * row, Enter opens it.
 */
export function VirtualList<T>({ items, label, size, keyOf, selectable, render, onOpen }: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [active, setActive] = useState(() => items.findIndex(selectable));
  const virtualizer = useRef<Virtualizer<HTMLDivElement, Element> | null>(null);
  if (!virtualizer.current) {
    virtualizer.current = new Virtualizer<HTMLDivElement, Element>({
      count: items.length,
      getScrollElement: () => scrollRef.current,
      estimateSize: (index) => size(items[index]!),
      overscan: 8,
      observeElementRect,
      observeElementOffset,
      scrollToFn: elementScroll,
      onChange: () => rerender(undefined),
    });
  }
  const v = virtualizer.current;
  v.setOptions({
    ...v.options,
    count: items.length,
    estimateSize: (index) => size(items[index]!),
    getItemKey: (index) => keyOf(items[index]!),
  });
  useLayoutEffect(() => v._didMount(), [v]);
  useLayoutEffect(() => {
    v._willUpdate();
  });

  const move = (from: number, step: 1 | -1) => {
    for (let i = from + step; i >= 0 && i < items.length; i += step) if (selectable(items[i]!)) return i;
    return from;
  };
  const activate = (index: number) => {
    setActive(index);
    v.scrollToIndex(index, { align: 'auto' });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const current = active >= 0 && active < items.length ? active : move(-1, 1);
    if (event.key === 'ArrowDown') activate(move(current, 1));
    else if (event.key === 'ArrowUp') activate(move(current, -1));
    else if (event.key === 'Home') activate(move(-1, 1));
    else if (event.key === 'End') activate(move(items.length, -1));
    else if (event.key === 'Enter' && items[current] && selectable(items[current])) onOpen(items[current]);
    else return;
    event.preventDefault();
  };
  const activeItem = items[active];

  return (
    <div
      ref={scrollRef}
      class="vlist"
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={activeItem && selectable(activeItem) ? `row-${keyOf(activeItem)}` : undefined}
      onKeyDown={onKeyDown}
    >
      <div style={{ height: `${v.getTotalSize()}px`, position: 'relative' }}>
        {v.getVirtualItems().map((row) => {
          const item = items[row.index]!;
          return (
            <div
              key={row.key}
              id={`row-${keyOf(item)}`}
              role={selectable(item) ? 'option' : 'presentation'}
              aria-selected={selectable(item) ? row.index === active : undefined}
              class={row.index === active ? 'vrow active' : 'vrow'}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: `${row.size}px`,
                transform: `translateY(${row.start}px)`,
              }}
              onClick={() => {
                if (!selectable(item)) return;
                setActive(row.index);
                onOpen(item);
              }}
            >
              {render(item, row.index === active)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
