/** Process entry of the `paywire` command (bin/paywire.js loads it): argv in, exit code out. */
import { main } from './cli.js';

/**
 * Runs the command for this process.
 * @example
 * ```ts
 * import { runCli } from './cli-entry.js'
 * await runCli('0.1.0'); // argv defaults to process.argv.slice(2)
 * ```
 * @throws never: an unexpected error is printed without secrets and exits 1
 */
export async function runCli(version: string, argv: string[] = process.argv.slice(2)): Promise<void> {
  // `paywire trigger --help | head`: the reader went away; stop quietly, as command-line tools do
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' ? process.exit(0) : undefined));
  const code = await main(argv, { out: (s) => console.log(s), err: (s) => console.error(s), version }).catch(
    (err: unknown) => {
      console.error(`paywire: ${(err as Error).message}`);
      return 1;
    },
  );
  process.exitCode = code;
}
