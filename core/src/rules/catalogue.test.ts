import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from './catalogue.ts';
import type { Rule } from './rule.ts';

const isRule = (value: unknown): value is Rule =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Rule).id === 'string' &&
  typeof (value as Rule).check === 'function' &&
  'citation' in value;

describe('the rule catalogue is complete', () => {
  it('every rule exported from a file in rules/ (or a folder in it) is in RULES, so none is written and then forgotten', async () => {
    // Subfolders too: a rule written in rules/<group>/ must not escape the check.
    const files = readdirSync(new URL('.', import.meta.url), { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    const exported: Rule[] = [];
    for (const file of files) {
      const module = (await import(/* @vite-ignore */ new URL(file, import.meta.url).href)) as Record<string, unknown>;
      exported.push(...Object.values(module).filter(isRule));
    }
    expect(exported.length).toBeGreaterThan(0);
    const missing = exported.filter((rule) => !RULES.includes(rule)).map((rule) => rule.id);
    expect(missing).toEqual([]);
  });
});
