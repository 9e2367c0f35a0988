/** What the chart draws; the popup gets it from the background, the panel computes it. */
export interface AgingBar {
  label: string;
  fromDays: number;
  count: number;
  overdue: number;
}

export interface AgingChartProps {
  bands: readonly AgingBar[];
  /** Filters the list to this age and older; absent in the popup. */
  onPick?(fromDays: number): void;
}

/**
 * Orders waiting for their customer by age: one bar per band, the overdue part in the alert colour,
 * each bar read out as a sentence. A glance tells how much is old before any row is read.
 */
export function AgingChart({ bands, onPick }: AgingChartProps) {
  const max = Math.max(1, ...bands.map((b) => b.count));
  return (
    <figure class="aging" aria-labelledby="aging-title">
      <figcaption id="aging-title" class="small muted">
        Waiting for the customer, by age
      </figcaption>
      <ul class="aging-bars" data-testid="aging-chart">
        {bands.map((b) => {
          const bar = (
            <>
              <span class="aging-label small">{b.label}</span>
              <span class="aging-track" aria-hidden="true">
                <span class="aging-fill" style={{ width: `${((b.count - b.overdue) / max) * 100}%` }} />
                <span class="aging-over" style={{ width: `${(b.overdue / max) * 100}%` }} />
              </span>
              <span class="aging-count small">
                {b.count}
                {b.overdue > 0 && <span class="finding-critical"> ({b.overdue} overdue)</span>}
              </span>
            </>
          );
          return (
            <li key={b.label}>
              {onPick && b.count > 0 ? (
                <button type="button" class="aging-row" title="Show these and older" onClick={() => onPick(b.fromDays)}>
                  {bar}
                </button>
              ) : (
                <span class="aging-row">{bar}</span>
              )}
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
