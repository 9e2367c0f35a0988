// A throwaway PostgreSQL server for the cluster tests (sync-server/src/cli/local-postgres.ts, also
// behind `pnpm cluster` and `pnpm bench cluster`), with fsync off: the data directory is thrown away.
import { startLocalPostgres, type LocalPostgres } from '../../../sync-server/src/cli/local-postgres.ts';

export { postgresBinDir } from '../../../sync-server/src/cli/local-postgres.ts';
export type TestPostgres = LocalPostgres;

export const startPostgres = (): Promise<TestPostgres> => startLocalPostgres({ fast: true });
