/** Strict argument parsing for the `paywire` command: every mistake is a {@link UsageError} (exit 2), never a stack. */
import { parseArgs } from 'node:util';

/** A flag a command accepts. */
export interface FlagSpec {
  /** Flag name without `--`. */
  name: string;
  /** `string` takes a value (`--to URL`); `boolean` does not. @default 'string' */
  type?: 'string' | 'boolean';
  /** The value's placeholder in the help, e.g. `URL`. */
  value?: string;
  /** One line for the help, with the unit and the default. */
  help: string;
}

/** Bad command-line usage: printed as `paywire: <message>` plus a hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /**
   * @param message what is wrong, for a person
   * @param hint the help command to run, e.g. `paywire trigger --help`
   */
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}

/** The closest known word to a misspelt one, when it is close enough. */
export function suggest(word: string, known: readonly string[]): string | undefined {
  const scored = known.map((k) => [k, distance(word, k)] as const).sort((x, y) => x[1] - y[1]);
  const best = scored[0];
  return best && best[1] <= Math.max(2, Math.floor(word.length / 3)) ? best[0] : undefined;
}

/** Parsed arguments: flag values by name (as written, kebab-case) and positionals. */
export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Parses `argv` against the flags a command accepts (plus `-h`/`--help`).
 * @throws {@link UsageError} for an unknown flag (with a suggestion), a missing value, or too many positionals.
 */
export function parseFlags(
  argv: string[],
  flags: readonly FlagSpec[],
  maxPositionals: number,
  hint: string,
): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const f of flags) options[f.name] = { type: f.type ?? 'string' };
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const { code, message } = err as { code?: string; message: string };
    const flag = /'(-{1,2}[^'\s=]+)/.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) {
      const near = suggest(
        flag.replace(/^-+/, ''),
        flags.map((f) => f.name),
      );
      throw new UsageError(`unknown option ${flag}${near ? ` (did you mean --${near}?)` : ''}`, hint);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag)
      throw new UsageError(`option ${flag} needs a value`, hint);
    throw new UsageError(message.split('\n')[0] as string, hint);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument "${parsed.positionals[maxPositionals]}"`, hint);
  }
  return parsed;
}

/** Help lines for a flag list, aligned. */
export function flagLines(flags: readonly FlagSpec[]): string {
  const heads = flags.map((f) => `  --${f.name}${f.value ? ` ${f.value}` : ''}`);
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  return flags.map((f, i) => `${(heads[i] as string).padEnd(width)}${f.help}`).join('\n');
}
