import type { WhoIAm } from '../../data/who-i-am.ts';

/**
 * The panel before anyone is chosen: what to do next, in order — import, then say who you are —
 * never "import a file" once one is imported.
 */
export function FirstRun({ who, openOptions }: { who: WhoIAm | null | undefined; openOptions(): void }) {
  const imported = who && (who.storedOrders > 0 || who.members.length > 0);
  return (
    <main class="pad">
      <h1 class="brand">
        <img src="/icon/32.png" alt="" width={20} height={20} />
        Holdfast
      </h1>
      {who === undefined ? (
        <p class="muted">Loading…</p>
      ) : (
        <div class="empty" data-testid="first-run">
          {imported ? (
            <p>
              Your orders are imported. Say who you are in the options — choose yourself, or name your holding account —
              and they show here.
            </p>
          ) : (
            <p>
              No orders yet. In the options, import a portal export (CSV) or a Holdfast file, then say who you are. A
              team with a relay can turn on team sync instead.
            </p>
          )}
          <button type="button" class="primary" onClick={openOptions}>
            {imported ? 'Say who I am' : 'Import orders'}
          </button>
        </div>
      )}
    </main>
  );
}
