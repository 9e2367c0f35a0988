import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CITATIONS } from './citation.ts';
import { CISCO_ARTICLES } from './cisco-articles.ts';
import { RULES } from '../rules/catalogue.ts';

const flat = (text: string) => text.replace(/\s+/g, ' ');
const seed = (name: string) => flat(readFileSync(new URL(`../../seeds/${name}.txt`, import.meta.url), 'utf8'));
const articleFile = (id: string) =>
  readFileSync(new URL(`../../seeds/cisco-articles/${id}.txt`, import.meta.url), 'utf8');
const header = (text: string, field: string) => new RegExp(`^${field}: (.*)$`, 'm').exec(text)?.[1];

describe('citations', () => {
  it.each(Object.entries(CITATIONS))('%s quotes its stored source word for word', (_name, citation) => {
    if (citation.source === 'cisco-article') {
      expect(flat(articleFile(citation.article))).toContain(flat(citation.quote));
    } else {
      expect(seed(citation.source)).toContain(citation.quote);
    }
  });

  it.each(Object.entries(CISCO_ARTICLES))('article %s has the id, title and address of its stored copy', (id, meta) => {
    const text = articleFile(id);
    expect(header(text, 'id')).toBe(id);
    const title = header(text, 'title') ?? '';
    // A title the page read did not show is given in parentheses, in both places.
    if (meta.title.startsWith('(')) expect(title.startsWith('(')).toBe(true);
    else expect(title).toBe(meta.title);
    expect(header(text, 'url')).toBe(meta.url);
  });

  it('every rule cites one of the catalogued sentences', () => {
    const known = new Set(Object.values(CITATIONS));
    for (const rule of RULES) expect(known.has(rule.citation)).toBe(true);
  });
});
