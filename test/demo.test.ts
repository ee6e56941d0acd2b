/** `pnpm demo` must pass: run its script as the command does, and check what it printed. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

it('pnpm demo takes a payment with every provider and exits 0', async () => {
  const cwd = fileURLToPath(new URL('../examples/express/', import.meta.url));
  const { stdout } = await run(process.execPath, ['--conditions=@paywire/source', '--import', 'tsx', 'src/demo.ts'], { cwd, timeout: 90_000 });
  expect(stdout).toContain('Demo passed');
  for (const provider of ['waylet', 'paylican', 'paykassma', 'etpay']) expect(stdout).toContain(`handler received payment.paid from ${provider}`);
  expect(stdout).toContain('handler received payment.failed from waylet');
  expect(stdout.match(/✓ order/g)).toHaveLength(5);
}, 120_000);
