import { describe, expect, it } from 'vitest';
import { cleanWorld, NOW, withOrder } from '../testing/clean-world.ts';
import { daysAfter, T0 } from '../testing/builders.ts';
import { generateSample } from '../sample/generate-sample.ts';
import { RULES } from './catalogue.ts';
import { evaluateRules, findingsForOrder } from './evaluate-rules.ts';

describe('the rule catalogue', () => {
  it('holds at least 12 rules with unique ids, a severity and a citation each', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(12);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const rule of RULES) {
      expect(['info', 'warning', 'critical']).toContain(rule.severity);
      expect(rule.citation.source).toMatch(
        /^(partner-holding-account-best-practices|smart-accounts-overview|cisco-article)$/,
      );
    }
  });

  it('finds nothing in a world that follows every best practice', () => {
    expect(evaluateRules(cleanWorld(), NOW)).toEqual([]);
  });

  it('orders findings most severe first', () => {
    const world = withOrder(cleanWorld(), '1001', (o) => ({
      ...o,
      history: o.history.filter((e) => e.type === 'placed'),
    }));
    const critical45 = { ...world, settings: { ...world.settings, holdingCriticalDays: 40 } };
    const severities = evaluateRules(critical45, new Date(daysAfter(T0, 45))).map((f) => f.severity);
    expect(severities).toEqual(
      [...severities].sort(
        (a, b) => ['critical', 'warning', 'info'].indexOf(a) - ['critical', 'warning', 'info'].indexOf(b),
      ),
    );
    expect(severities[0]).toBe('critical');
  });
});

describe('every rule is exercised', () => {
  it('each rule in the catalogue has a test that names it, in the test file of its rules', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const here = new URL('.', import.meta.url);
    const tests = readdirSync(here).filter((file) => file.endsWith('-rules.test.ts'));
    const source = tests.map((file) => readFileSync(new URL(file, here), 'utf8')).join('\n');
    for (const rule of RULES) expect(source).toContain(`${rule.id}: `);
  });
});

describe('findings about an order', () => {
  it('depend on that order and the directory alone, so one order can be checked without the others', () => {
    const sample = generateSample({ seed: 11, orders: 400 });
    const now = new Date(sample.exportedAt);
    const all = evaluateRules(sample, now);
    let withFindings = 0;
    for (const order of sample.orders) {
      const alone = evaluateRules({ ...sample, orders: [order] }, now).filter((f) => f.subject.kind === 'order');
      const expected = findingsForOrder(all, order.salesOrderNumber);
      expect(alone).toEqual(expected);
      if (expected.length > 0) withFindings++;
    }
    expect(withFindings).toBeGreaterThan(50);
  });
});
