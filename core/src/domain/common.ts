import { z } from 'zod';

/** Identifiers are opaque non-empty strings so they survive CSV, JSON and Yjs unchanged. */
export const idSchema = z.string().trim().min(1, 'must not be empty');

/** Instants are ISO-8601 strings in UTC: readable in exports and stable in Yjs documents. */
export const instantSchema = z.iso.datetime({ offset: true });
export type Instant = z.infer<typeof instantSchema>;

/** An e-mail domain such as `example.com`, stored lower-case. */
export const emailDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be an e-mail domain such as example.com');

export const DAY_MS = 24 * 60 * 60 * 1000;

export function daysBetween(from: Instant, to: Date): number {
  return Math.floor((to.getTime() - Date.parse(from)) / DAY_MS);
}
