/**
 * The `paywire` command: `paywire sandbox`, `paywire trigger`, `paywire doctor`, `paywire migrate`.
 * Run through `bin/paywire.js`, which passes the package version.
 */
import { UsageError } from './cli/args.js';
import { doctorCommand, doctorHelp } from './cli/doctor.js';
import { migrateCommand, migrateHelp } from './cli/migrate.js';
import { providerTitles, sandbox, sandboxHelp } from './cli/sandbox.js';
import { trigger, triggerHelp } from './cli/trigger.js';
import { suggest } from './cli/args.js';

/** Where the command writes. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** The package version, for `--version`. */
  version: string;
}

const COMMANDS = ['sandbox', 'trigger', 'doctor', 'migrate', 'help'];

/** `paywire --help`. */
export const mainHelp = `usage: paywire <command> [flags]

commands:
  sandbox   run the local emulator of ${providerTitles}, with its dashboard
  trigger   send one signed provider callback to your app (paid, failed or canceled)
  doctor    check your running app's webhook endpoint and explain what is wrong
  migrate   apply @paywire/postgres's database migrations (--status, --dry-run); needs @paywire/postgres and pg

flags:
  -h, --help     this help; \`paywire <command> --help\` for a command's flags
  -v, --version  print the version

Exit codes: 0 success, 1 the check or delivery failed, 2 bad usage.
`;

const HELP: Record<string, () => string> = {
  sandbox: () => sandboxHelp,
  trigger: () => triggerHelp(),
  doctor: () => doctorHelp,
  migrate: () => migrateHelp,
};

/**
 * Runs the `paywire` command.
 * @example
 * ```ts
 * import { main } from './cli.js';
 * process.exitCode = await main(process.argv.slice(2), { out: console.log, err: console.error, version: '0.1.0' });
 * ```
 * @returns the exit code
 * @throws never: usage mistakes print a message and return 2
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help') {
      io.out(mainHelp);
      return 0;
    }
    if (command === '-v' || command === '--version') {
      io.out(io.version);
      return 0;
    }
    if (command === 'help') {
      const topic = rest[0];
      const help =
        topic === undefined ? mainHelp : Object.hasOwn(HELP, topic) ? (HELP[topic] as () => string)() : undefined;
      if (help === undefined) throw new UsageError(`unknown command "${topic}"`, 'paywire --help');
      io.out(help);
      return 0;
    }
    if (command === 'sandbox') return await sandbox(rest, io.out);
    if (command === 'trigger') return await trigger(rest, io.out, io.err);
    if (command === 'doctor') return await doctorCommand(rest, io.out);
    if (command === 'migrate') return await migrateCommand(rest, io.out, io.err);
    const near = suggest(command.replace(/^-+/, ''), COMMANDS);
    throw new UsageError(
      command.startsWith('-')
        ? `unknown option ${command}`
        : `unknown command "${command}"${near ? ` (did you mean ${near}?)` : ''}`,
      'paywire --help',
    );
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`paywire: ${err.message}\nRun '${err.hint}' for usage.`);
    return 2;
  }
}
