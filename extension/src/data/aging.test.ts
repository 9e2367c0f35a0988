import type { Finding } from '@holdfast/core';
import { describe, expect, it } from 'vitest';
import { agingBands } from './aging.ts';

const overdue = { overdue: true } as Finding;

describe('the aging chart', () => {
  it('counts waiting orders by age band, overdue ones apart, and leaves delivered orders out', () => {
    const bands = agingBands([
      { status: 'in-holding', ageDays: 0, findings: [] },
      { status: 'on-hold', ageDays: 7, findings: [] },
      { status: 'in-holding', ageDays: 8, findings: [] },
      { status: 'reassignment-in-progress', ageDays: 45, findings: [overdue] },
      { status: 'in-holding', ageDays: 200, findings: [overdue] },
      { status: 'delivered', ageDays: 200, findings: [] },
    ]);
    expect(bands.map((b) => [b.label, b.count, b.overdue])).toEqual([
      ['0–7 days', 2, 0],
      ['8–30 days', 1, 0],
      ['31–60 days', 1, 1],
      ['61–90 days', 0, 0],
      ['over 90 days', 1, 1],
    ]);
  });
});
