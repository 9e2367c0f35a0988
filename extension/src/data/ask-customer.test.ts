import type { OrderEvent } from '@holdfast/core';
import { describe, expect, it } from 'vitest';
import { ASK_AGAIN_AFTER_DAYS, ASKED_NOTE_PREFIX, composeAskEmail, lastAsked } from './ask-customer.ts';

const note = (id: string, at: string, text: string): OrderEvent => ({
  id,
  at,
  by: 'acme:ana',
  type: 'note-added',
  text,
});

describe('asking the end customer for their Smart Account', () => {
  it('composes an e-mail naming the order, the PO and how to create a Smart Account on their domain', () => {
    const mail = composeAskEmail({
      salesOrderNumber: '104000074',
      poNumber: 'PO-2026-01002',
      customerName: 'Bluth Construction',
      customerDomain: 'bluth-construction.example.com',
      senderName: 'Alex Keystone',
    });
    expect(mail.subject).toContain('104000074');
    expect(mail.body).toContain('PO-2026-01002');
    expect(mail.body).toContain('bluth-construction.example.com');
    expect(mail.body).toContain('Request a Smart Account');
    expect(mail.mailto.startsWith('mailto:?subject=')).toBe(true);
    expect(decodeURIComponent(mail.mailto.split('&body=')[1]!)).toBe(mail.body);
  });

  it('says when the customer was last asked and when to ask again', () => {
    const now = new Date('2026-11-20T12:00:00Z');
    const history = [
      note('n1', '2026-11-01T09:00:00Z', `${ASKED_NOTE_PREFIX} (e-mail).`),
      note('n2', '2026-11-15T09:00:00Z', `${ASKED_NOTE_PREFIX} (e-mail).`),
      note('n3', '2026-11-18T09:00:00Z', 'Customer is on holiday'),
    ];
    expect(lastAsked(history, now)).toEqual({ at: '2026-11-15T09:00:00Z', daysAgo: 5, askAgain: false });
    const later = new Date(Date.parse('2026-11-15T09:00:00Z') + ASK_AGAIN_AFTER_DAYS * 86_400_000);
    expect(lastAsked(history, later)!.askAgain).toBe(true);
    expect(lastAsked([history[2]!], now)).toBeNull();
  });
});
