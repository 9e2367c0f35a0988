import type { FindingView } from '../../data/finding-view.ts';

/**
 * Findings collapsed to their headline, most severe first; a reader opens one to see what was
 * found, what to do and the source it rests on (its title, linked).
 */
export function FindingsList({ findings }: { findings: readonly FindingView[] }) {
  if (findings.length === 0) return <p class="muted">Nothing needs action.</p>;
  return (
    <ul class="findings">
      {findings.map((f, i) => (
        <li key={`${f.ruleId}-${i}`} class={`finding finding-${f.severity}`}>
          <details>
            <summary>
              <span class={`badge ${f.severity}`}>{f.overdue ? 'overdue' : f.severity}</span> {f.headline}
            </summary>
            <p class="small">{f.message}</p>
            <p class="small">
              <strong>Suggested action:</strong> {f.suggestedAction}
            </p>
            {f.quote && <blockquote class="small muted">“{f.quote}”</blockquote>}
            {f.source && (
              <p class="small source">
                Source:{' '}
                {f.source.url ? (
                  <a href={f.source.url} target="_blank" rel="noreferrer">
                    {f.source.title}
                  </a>
                ) : (
                  f.source.title
                )}
              </p>
            )}
          </details>
        </li>
      ))}
    </ul>
  );
}
