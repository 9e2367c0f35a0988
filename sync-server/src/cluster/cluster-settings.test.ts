import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clusterSettings, redactedUrl, storeChoice } from './cluster-settings.ts';

const schema = z.object(clusterSettings);

describe('the cluster settings', () => {
  it('default to the embedded store, so a relay needs no server', () => {
    const settings = schema.parse({});
    expect(storeChoice(settings.store)).toEqual({ kind: 'sqlite' });
  });

  it('take a PostgreSQL URL, and refuse anything else with what is allowed', () => {
    const url = 'postgresql://relay:secret@db:5432/holdfast';
    expect(storeChoice(schema.parse({ store: url }).store)).toEqual({ kind: 'postgres', url });
    const refused = schema.safeParse({ store: 'mysql://db' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe(
      'use "sqlite" or a PostgreSQL URL such as postgres://relay:secret@db:5432/holdfast',
    );
  });

  it('never show the password of the URL', () => {
    expect(redactedUrl('postgres://relay:s3cret@db:5432/holdfast')).toBe('postgres://relay:***@db:5432/holdfast');
    expect(redactedUrl('not a url')).not.toContain('not a url');
  });
});
