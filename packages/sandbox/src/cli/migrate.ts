/**
 * `paywire migrate`: applies `@paywire/postgres`'s migrations from a deploy step. `@paywire/postgres` (and `pg`) are
 * loaded only when this command runs, from the project: the sandbox never depends on them.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { flagLines, parseFlags, UsageError, type FlagSpec } from './args.js';

const FLAGS: readonly FlagSpec[] = [
  {
    name: 'database-url',
    value: 'URL',
    help: 'PostgreSQL connection string, e.g. postgres://user:password@host:5432/db (default: $DATABASE_URL)',
  },
  { name: 'schema', value: 'NAME', help: "schema of paywire's tables (default paywire)" },
  { name: 'status', type: 'boolean', help: 'print the applied and pending migrations; change nothing' },
  { name: 'dry-run', type: 'boolean', help: 'print the SQL of the pending migrations; change nothing' },
];
const HINT = 'paywire migrate --help';

/** `paywire migrate --help`. */
export const migrateHelp = `usage: paywire migrate [--database-url URL] [--schema NAME] [--status | --dry-run]

Applies the pending migrations of @paywire/postgres (its tables and functions) to the database, in one transaction
holding an advisory lock: safe while the app's instances run or start. For teams that migrate explicitly, with
postgresStore(…, { autoMigrate: false }) in the app; the same as await store.migrate(). Needs @paywire/postgres and
pg installed in the project (npm install @paywire/postgres pg).

Exit 0 when the schema is up to date (after applying, or with --status when nothing is pending), 1 when the database
failed or, with --status, migrations are pending, 2 for bad usage or when @paywire/postgres is not installed.

flags:
${flagLines(FLAGS)}
`;

/** What this command uses of `@paywire/postgres` (typed here: the sandbox does not depend on it). */
interface Migration {
  version: number;
  name: string;
  up(schema: string): string;
}
interface MigrationStore {
  migrate(): Promise<number[]>;
  migrationStatus(): Promise<{
    current: number;
    applied: { version: number; name: string; appliedAt: Date }[];
    pending: Migration[];
  }>;
  close(): Promise<void>;
}
interface PostgresModule {
  MIGRATIONS: readonly Migration[];
  postgresStore(
    connection: { connectionString: string; poolConfig?: Record<string, unknown> },
    options: { schema?: string; autoMigrate?: boolean; cleanupIntervalMs?: number },
  ): MigrationStore;
}

const MISSING = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);
const missing = (err: unknown) => MISSING.has(String((err as { code?: unknown } | null)?.code));

/** `@paywire/postgres`, beside this package, else in the project of the current directory. */
async function loadPostgres(): Promise<PostgresModule> {
  const name = '@paywire/postgres'; // a variable: the sandbox neither bundles nor type-depends on it
  let first: unknown;
  try {
    return (await import(name)) as PostgresModule;
  } catch (err) {
    if (!missing(err)) throw err;
    first = err;
  }
  try {
    const path = createRequire(join(process.cwd(), 'package.json')).resolve(name);
    return (await import(pathToFileURL(path).href)) as PostgresModule;
  } catch (err) {
    if (!missing(err)) throw err;
    const what = /['"]pg['"]/.test(String((err as Error).message ?? first)) ? 'pg' : '@paywire/postgres';
    throw new UsageError(
      `paywire migrate needs ${what}, which is not installed: npm install @paywire/postgres pg`,
      HINT,
    );
  }
}

/** The driver's words about a failure, without the connection string or its password. */
function describe(err: unknown, url: string): string {
  const cause = (err as { cause?: unknown } | null)?.cause ?? err;
  let text = String((cause as Error | null)?.message ?? cause).split('\n')[0] ?? '';
  const secrets = [url];
  try {
    const password = decodeURIComponent(new URL(url).password);
    if (password) secrets.push(password, new URL(url).password);
  } catch {
    // not a URL (a key=value string): nothing more to hide than the whole string
  }
  for (const secret of secrets) if (secret) text = text.split(secret).join('***');
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text;
}

/**
 * Runs `paywire migrate`.
 * @returns 0 when the schema is up to date, 1 when the database failed or (`--status`) migrations are pending
 * @throws {@link UsageError} for bad usage, or when `@paywire/postgres` is not installed
 */
export async function migrateCommand(
  argv: string[],
  out: (s: string) => void,
  err: (s: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values } = parseFlags(argv, FLAGS, 0, HINT);
  if (values.help) {
    out(migrateHelp);
    return 0;
  }
  if (values.status && values['dry-run']) throw new UsageError('--status and --dry-run exclude each other', HINT);
  const url = typeof values['database-url'] === 'string' ? values['database-url'] : env.DATABASE_URL;
  if (!url) throw new UsageError('no database: pass --database-url URL or set DATABASE_URL', HINT);
  const schema = typeof values.schema === 'string' ? values.schema : 'paywire';
  const postgres = await loadPostgres();
  let store: MigrationStore;
  try {
    store = postgres.postgresStore(
      { connectionString: url, poolConfig: { max: 2, connectionTimeoutMillis: 10_000 } },
      { schema, autoMigrate: false, cleanupIntervalMs: 0 },
    );
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^postgresStore: schema/, '--schema'), HINT);
  }
  const quoted = `"${schema}"`;
  try {
    const status = await store.migrationStatus();
    const latest = Math.max(status.current, ...status.pending.map((m) => m.version));
    if (values.status) {
      out(`schema ${quoted}: migration ${status.current} of ${latest}`);
      for (const m of status.applied)
        out(`  ${String(m.version).padStart(3)}  ${m.name.padEnd(40)} applied ${m.appliedAt.toISOString()}`);
      for (const m of status.pending) out(`  ${String(m.version).padStart(3)}  ${m.name.padEnd(40)} pending`);
      return status.pending.length === 0 ? 0 : 1;
    }
    if (values['dry-run']) {
      if (status.pending.length === 0) {
        out(`-- schema ${quoted} is up to date (migration ${status.current}): nothing would be applied`);
        return 0;
      }
      out(
        `-- schema ${quoted} is at migration ${status.current}; \`paywire migrate\` would apply, in one transaction\n` +
          `-- holding an advisory lock, after CREATE SCHEMA IF NOT EXISTS ${quoted} and its migrations table:`,
      );
      for (const m of status.pending) out(`\n-- migration ${m.version}: ${m.name}${m.up(quoted)}`);
      return 0;
    }
    const applied = await store.migrate();
    const names = new Map(status.pending.map((m) => [m.version, m.name]));
    for (const v of applied) out(`applied migration ${v}: ${names.get(v) ?? ''}`.trimEnd());
    out(
      applied.length === 0
        ? `schema ${quoted} is up to date (migration ${status.current}); nothing to apply`
        : `schema ${quoted} is at migration ${Math.max(...applied)}`,
    );
    return 0;
  } catch (e) {
    err(`paywire: migrate failed: ${describe(e, url)}`);
    return 1;
  } finally {
    await store.close();
  }
}
