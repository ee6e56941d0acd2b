/**
 * `paywire migrate` as people run it (bin/paywire.js, a real process) against a real PostgreSQL server (the one the
 * @paywire/postgres tests start): status, dry run, apply, a second run, another schema, and its failures.
 */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../../postgres/src/__fixtures__/postgres-server.js';
import { postgresStore } from '../../postgres/src/index.js';

const execute = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/paywire.js', import.meta.url));
const withoutPostgres = fileURLToPath(new URL('./__test-support__/without-postgres.mjs', import.meta.url));
type Result = { code: number; stdout: string; stderr: string };
const migrate = (args: string[], env: Record<string, string> = {}, cwd?: string): Promise<Result> =>
  execute(process.execPath, [bin, 'migrate', ...args], {
    env: { ...process.env, DATABASE_URL: '', PAYWIRE_CLI_FROM_SOURCE: '1', ...env },
    timeout: 60_000,
    ...(cwd ? { cwd } : {}),
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: Result) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

let server: PostgresServer;
let pool: pg.Pool;
beforeAll(async () => {
  server = await startPostgres();
  pool = new pg.Pool({ connectionString: server.url, max: 2 });
});
afterAll(async () => {
  await pool?.end();
  await server?.stop();
});
const schemaExists = async (name: string) =>
  (await pool.query<{ n: string | null }>('select to_regnamespace($1)::text as n', [name])).rows[0]!.n !== null;

describe('paywire migrate', () => {
  it('--status and --dry-run change nothing; migrate applies; a second run has nothing to do', async () => {
    const status = await migrate(['--status', '--database-url', server.url]);
    expect([status.code, status.stderr]).toEqual([1, '']); // pending migrations: a deploy check fails
    expect(status.stdout).toMatch(/^schema "paywire": migration 0 of 3\n/);
    expect(status.stdout).toMatch(/ 1 {2}dedup, payments and kv tables +pending\n/);
    expect(status.stdout).toMatch(/ 2 {2}functions of the transactional path +pending\n/);
    expect(status.stdout).toMatch(/ 3 {2}one done marker per event, written at commit +pending\n/);

    const dry = await migrate(['--dry-run', '--database-url', server.url]);
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    expect(dry.stdout).toContain('-- migration 1: dedup, payments and kv tables');
    expect(dry.stdout).toContain('CREATE TABLE "paywire".dedup (');
    expect(dry.stdout).toContain('CREATE FUNCTION "paywire".finish_event(');
    expect(await schemaExists('paywire')).toBe(false);

    const applied = await migrate([], { DATABASE_URL: server.url }); // the URL from the environment
    expect([applied.code, applied.stderr, applied.stdout]).toEqual([
      0,
      '',
      'applied migration 1: dedup, payments and kv tables\n' +
        'applied migration 2: functions of the transactional path\n' +
        'applied migration 3: one done marker per event, written at commit\n' +
        'schema "paywire" is at migration 3\n',
    ]);
    const { rows } = await pool.query('select version from paywire.migrations order by version');
    expect(rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);

    const again = await migrate(['--database-url', server.url]);
    expect([again.code, again.stdout]).toEqual([0, 'schema "paywire" is up to date (migration 3); nothing to apply\n']);
    const after = await migrate(['--status'], { DATABASE_URL: server.url });
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^schema "paywire": migration 3 of 3\n/);
    expect(after.stdout).toMatch(/ 2 {2}functions of the transactional path +applied \d{4}-\d\d-\d\dT/);

    // an app that migrates explicitly runs on what the command applied
    const store = postgresStore({ connectionString: server.url }, { autoMigrate: false, cleanupIntervalMs: 0 });
    try {
      const ran = await store.transactional.runEvent('evt-cli', { lockTimeoutMs: 1000 }, async (tx) => {
        expect(
          await tx.putPayment(
            { provider: 'waylet', paymentId: 'p', status: 'paid', history: [], createdAt: 1, updatedAt: 1 },
            0,
            60_000,
          ),
        ).toBe(true);
        await tx.complete(60_000);
      });
      expect(ran.status).toBe('ran');
    } finally {
      await store.close();
    }
  }, 120_000);

  it('--schema migrates another schema', async () => {
    const r = await migrate(['--database-url', server.url, '--schema', 'payments_cli']);
    expect([r.code, r.stdout.trim().split('\n').at(-1)]).toEqual([0, 'schema "payments_cli" is at migration 3']);
    expect(await schemaExists('payments_cli')).toBe(true);
  }, 60_000);

  it('bad usage: one line on stderr, exit 2', async () => {
    for (const [args, message] of [
      [[], /^paywire: no database: pass --database-url URL or set DATABASE_URL\n/],
      [['--database-url', server.url, '--schema', 'a"; drop'], /^paywire: --schema must be 1-63 letters/],
      [['--status', '--dry-run', '--database-url', server.url], /--status and --dry-run exclude each other/],
      [['--databse-url', server.url], /unknown option --databse-url \(did you mean --database-url\?\)/],
    ] as const) {
      const r = await migrate([...args]);
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain('    at ');
    }
  }, 120_000);

  it('an unreachable database: exit 1, the reason, never the password, no stack', async () => {
    const r = await migrate(['--database-url', 'postgres://app:hunter2@127.0.0.1:1/shop']);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toMatch(/^paywire: migrate failed: connect ECONNREFUSED 127\.0\.0\.1:1/);
    expect(r.stderr).not.toContain('hunter2');
    expect(r.stderr).not.toContain('    at ');
  }, 60_000);

  it('without @paywire/postgres installed: what to install, exit 2, no stack', async () => {
    const r = await migrate(
      ['--database-url', server.url],
      { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${withoutPostgres}`.trim() },
      tmpdir(), // no project around that has it either
    );
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe(
      'paywire: paywire migrate needs @paywire/postgres, which is not installed: npm install @paywire/postgres pg\n' +
        "Run 'paywire migrate --help' for usage.\n",
    );
  }, 60_000);
});
