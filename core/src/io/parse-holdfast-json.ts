import { holdfastSnapshotSchema, type HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import type { ImportError, ParseResult } from './import-error.ts';

/** Parses a Holdfast JSON file; every problem comes back with the path of the field it is about. */
export function parseHoldfastJson(text: string): ParseResult<HoldfastSnapshot> {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, errors: [{ row: 0, column: null, message: `not JSON: ${(error as Error).message}` }] };
  }
  const result = holdfastSnapshotSchema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const errors: ImportError[] = result.error.issues.map((issue) => ({
    row: 0,
    column: issue.path.length > 0 ? issue.path.join('.') : null,
    message: issue.message,
  }));
  return { ok: false, errors };
}
