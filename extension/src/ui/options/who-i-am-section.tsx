import { useState } from 'preact/hooks';
import type { WhoIAm } from '../../data/who-i-am.ts';

export interface WhoIAmSectionProps {
  who: WhoIAm;
  memberId: string | null;
  /** While team sync is on the relay token decides who one is. */
  syncEnabled: boolean;
  chooseMember(memberId: string | null): Promise<void>;
  claimHoldingAccount(smartAccountId: string): Promise<void>;
}

/**
 * Step 2: choose a member of the imported file (shown with their roles), or, when the file names no
 * people (a portal export), say which Partner Holding Account is yours.
 */
export function WhoIAmSection({ who, memberId, syncEnabled, chooseMember, claimHoldingAccount }: WhoIAmSectionProps) {
  const [account, setAccount] = useState('');
  const [error, setError] = useState('');
  const chosen = who.members.find((m) => m.id === memberId);
  const byOrganization = new Map<string, WhoIAm['members']>();
  for (const m of who.members)
    byOrganization.set(m.organizationName, [...(byOrganization.get(m.organizationName) ?? []), m]);
  const nothingYet = who.members.length === 0 && who.holdingAccounts.length === 0;

  if (nothingYet) {
    return (
      <p class="muted">Import a portal export or a Holdfast file above first: Holdfast then lists who is in it.</p>
    );
  }
  const claimedAccount = who.holdingAccounts.find((a) => a.smartAccountId === account) ?? who.holdingAccounts[0];
  return (
    <>
      {who.members.length > 0 && (
        <>
          <label for="member">I am</label>
          <select
            id="member"
            value={memberId ?? ''}
            disabled={syncEnabled}
            onChange={(e) => void chooseMember(e.currentTarget.value || null)}
          >
            <option value="">Choose a member</option>
            {memberId && !chosen && <option value={memberId}>{memberId}</option>}
            {[...byOrganization.entries()].map(([organization, members]) => (
              <optgroup key={organization} label={organization}>
                {members.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name} — {m.roles.length === 0 ? 'no role' : m.roles.join('; ')}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {chosen && (
            <div class="small" data-testid="chosen-roles">
              {chosen.roles.length === 0 ? (
                <p class="muted">
                  {chosen.name} holds no role here, so sees no orders: choose someone with a role on your holding
                  account.
                </p>
              ) : (
                <ul class="roles">
                  {chosen.roles.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </>
      )}
      {who.holdingAccounts.length > 0 && !syncEnabled && (
        <form
          class="claim"
          onSubmit={(e) => {
            e.preventDefault();
            if (!claimedAccount) return;
            setError('');
            claimHoldingAccount(claimedAccount.smartAccountId).catch((failure: unknown) =>
              setError(failure instanceof Error ? failure.message : String(failure)),
            );
          }}
        >
          <label for="holding-account">
            {who.members.length > 0 ? 'I am not in this file: my holding account is' : 'My holding account is'}
          </label>
          <select
            id="holding-account"
            value={claimedAccount?.smartAccountId}
            onChange={(e) => setAccount(e.currentTarget.value)}
          >
            {who.holdingAccounts.map((a) => (
              <option key={a.smartAccountId} value={a.smartAccountId}>
                {a.name} ({a.organizationName})
              </option>
            ))}
          </select>
          <button type="submit">Use this holding account</button>
          <p class="small muted">
            You then see its orders and your organisation&apos;s orders on Smart Account hold, as its Holding Account
            Administrator would.
          </p>
          {error && (
            <p class="error small" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </>
  );
}
