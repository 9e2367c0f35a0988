import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CITATIONS } from './citation.ts';
import { RULES } from './catalogue.ts';

const seed = (name: string) =>
  readFileSync(new URL(`../../seeds/${name}.txt`, import.meta.url), 'utf8').replace(/\s+/g, ' ');

describe('citations', () => {
  it.each(Object.entries(CITATIONS))(
    '%s quotes its seed word for word, or says it rests on a Cisco support article',
    (_name, citation) => {
      if (citation.source === 'cisco-support-article') {
        expect(citation.title.length).toBeGreaterThan(0);
        expect(citation.statement.length).toBeGreaterThan(0);
      } else {
        expect(seed(citation.source)).toContain(citation.quote);
      }
    },
  );

  it('every rule cites one of the catalogued sentences', () => {
    const known = new Set(Object.values(CITATIONS));
    for (const rule of RULES) expect(known.has(rule.citation)).toBe(true);
  });
});
