/**
 * A throw-away PostgreSQL server for tests: `initdb` into a temporary folder (as the `postgres` user when we are
 * root: initdb refuses root), `pg_ctl start` on a free port on 127.0.0.1 with fsync off, and `stop()` that kills it
 * (`-m immediate`) and removes the folder. Needs Debian's `postgresql` package (scripts/ensure-postgres.sh).
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A running test server. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication, loopback only). */
  url: string;
  port: number;
  /** Stops the server immediately and removes its folder. */
  stop(): Promise<void>;
}

/** The folder of `initdb`/`pg_ctl`: `$PAYWIRE_PG_BIN`, else the newest /usr/lib/postgresql/<v>/bin. */
export function postgresBinDir(): string {
  const fromEnv = process.env.PAYWIRE_PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest)
    throw new Error(
      'PostgreSQL server binaries not found: run scripts/ensure-postgres.sh (apt-get install postgresql) or set PAYWIRE_PG_BIN',
    );
  return join(root, newest, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a server binary, as the `postgres` user when we are root. */
function asPostgres(bin: string, args: string[]): Promise<unknown> {
  const root = process.getuid?.() === 0;
  return root
    ? run('runuser', ['-u', 'postgres', '--', bin, ...args], { timeout: 60_000 })
    : run(bin, args, { timeout: 60_000 });
}

/**
 * Starts a fresh server. Call `stop()` in `afterAll`.
 * @example
 * ```ts
 * const pg = await startPostgres(); // pg.url
 * await pg.stop();
 * ```
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'paywire-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const stopSync = () => {
    try {
      const args = ['-D', data, '-m', 'immediate', 'stop'];
      if (process.getuid?.() === 0)
        execFileSync('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args], { stdio: 'ignore' });
      else execFileSync(join(bin, 'pg_ctl'), args, { stdio: 'ignore' });
    } catch {
      // not running
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopSync); // a crashed test run leaves no server behind
  try {
    await asPostgres(join(bin, 'initdb'), [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C',
    ]);
    let port = 0;
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -F -c max_connections=200 -c full_page_writes=off`;
      try {
        await asPostgres(join(bin, 'pg_ctl'), [
          '-D',
          data,
          '-l',
          join(dir, 'log'),
          '-o',
          opts,
          '-w',
          '-t',
          '30',
          'start',
        ]);
        break;
      } catch (err) {
        if (attempt >= 2) throw err; // the port was taken between freePort() and start: try another
      }
    }
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      stop: async () => {
        process.removeListener('exit', stopSync);
        stopSync();
      },
    };
  } catch (err) {
    process.removeListener('exit', stopSync);
    stopSync();
    throw err;
  }
}
