import { ASK_AGAIN_AFTER_DAYS, ASKED_NOTE_PREFIX, composeAskEmail, type AskFacts } from '../../data/ask-customer.ts';
import type { OrderDetail } from '../../data/holdfast-service.ts';
import type { OrderAction } from '../../messaging/team-messages.ts';
import { CopyButton } from '../shared/copy-button.tsx';
import { daysAgo, formatDate, formatDateTime } from '../shared/format.ts';

export interface AskCustomerProps {
  facts: AskFacts;
  asked: OrderDetail['asked'];
  onRecord(action: OrderAction): Promise<boolean>;
}

const DAY_MS = 86_400_000;

/**
 * The way out of holding starts with the customer's Smart Account: an e-mail asking for it (written
 * in the rep's mail program, or copied), recorded as a team note so everyone sees when it was asked.
 */
export function AskCustomerSection({ facts, asked, onRecord }: AskCustomerProps) {
  const mail = composeAskEmail(facts);
  const record = (how: string) => void onRecord({ type: 'note-added', text: `${ASKED_NOTE_PREFIX} (${how}).` });
  return (
    <div class="ask" data-testid="ask-customer">
      <p class="small">
        {asked ? (
          <>
            <strong>Asked {daysAgo(asked.daysAgo)}</strong> ({formatDateTime(asked.at)}).{' '}
            {asked.askAgain
              ? 'No answer yet? Ask again now.'
              : `Ask again on ${formatDate(new Date(Date.parse(asked.at) + ASK_AGAIN_AFTER_DAYS * DAY_MS).toISOString())} if there is no answer.`}
          </>
        ) : (
          <>Ask {facts.customerName} to create or name their Smart Account.</>
        )}
      </p>
      <p class="buttons">
        <a class="button" href={mail.mailto} target="_blank" rel="noreferrer" onClick={() => record('e-mail written')}>
          {asked ? 'Ask the customer again' : 'Ask the customer'}
        </a>{' '}
        <CopyButton
          text={`${mail.subject}\n\n${mail.body}`}
          what="the e-mail to the customer"
          onCopied={() => record('e-mail copied')}
        />
      </p>
    </div>
  );
}
