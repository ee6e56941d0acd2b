/**
 * The packages as a registry would serve them: `pnpm pack` tarballs, checked by publint and
 * @arethetypeswrong/cli (every profile: node10, node16 from CommonJS and from ESM, bundler), then installed into
 * the two projects `nest new` generates (CommonJS), which compile and run the NestJS README's full example unchanged.
 * `pnpm test` builds first; without a build this file is skipped (and CI fails, see below).
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testing } from '@paywire/core/testing';
import { publint } from 'publint';
import { beforeAll, describe, expect, it } from 'vitest';
import { built, packAll, pnpm, root } from './support/pack.js';
import { readmeBlocks, splitFiles } from './support/readme-blocks.js';

const run = promisify(execFile);
let tarballs: Record<string, string> = {};

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe.runIf(built)('packed packages', () => {
  beforeAll(async () => {
    tarballs = await packAll();
  }, 180_000);

  it('every package.json is in the dual ESM + CJS shape (scripts/dual-package.mjs --check)', async () => {
    await expect(run(process.execPath, [join(root, 'scripts/dual-package.mjs'), '--check'])).resolves.toBeDefined();
  });

  it('publint (strict) finds nothing in any tarball', async () => {
    for (const [name, file] of Object.entries(tarballs)) {
      const tarball = readFileSync(file);
      const { messages } = await publint({
        pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
        strict: true,
      });
      expect({ name, messages }).toEqual({ name, messages: [] });
    }
  }, 60_000);

  it('attw finds no problem in any tarball, for node10, node16 (CJS and ESM) and bundler', async () => {
    const attw = join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js');
    for (const [name, file] of Object.entries(tarballs)) {
      const result = await run(process.execPath, [attw, file, '--profile', 'strict', '--format', 'ascii'], {
        timeout: 120_000,
      }).catch((e: { stdout: string }) => e);
      expect({
        name,
        ok: !('code' in result),
        out: result.stdout.includes('No problems found') ? 'No problems found' : result.stdout,
      }).toEqual({ name, ok: true, out: 'No problems found' });
    }
  }, 240_000);

  describe.each(['commonjs', 'nodenext'])('a project made by `nest new` (%s starter)', (variant) => {
    let dir = '';
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `nest-starter-${variant}-`));
      cpSync(join(root, 'test/nest-starter', variant), dir, { recursive: true });
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      // what `npm install @paywire/nestjs @paywire/core @nestjs/config` adds; the lint/jest/CLI toolchain is left out
      pkg.dependencies = {
        ...pkg.dependencies,
        '@nestjs/config': '^12.0.1',
        '@paywire/core': `file:${tarballs['@paywire/core']}`,
        '@paywire/nestjs': `file:${tarballs['@paywire/nestjs']}`,
      };
      // + `npm install -D @paywire/sandbox`, for the `paywire` command
      pkg.devDependencies = {
        typescript: pkg.devDependencies.typescript,
        '@types/node': '^20.19.43',
        '@paywire/sandbox': `file:${tarballs['@paywire/sandbox']}`,
      };
      writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
      // the unpublished tarballs stand in for the registry's @paywire/* packages the installed ones depend on
      // (@paywire/nestjs depends on @paywire/core and @paywire/fastify; every tarball is listed, so a new internal
      // dependency is found in the tarballs, never looked up in the registry)
      const overrides = Object.entries(tarballs).map(([name, file]) => `  '${name}': 'file:${file}'\n`);
      writeFileSync(join(dir, 'pnpm-workspace.yaml'), `overrides:\n${overrides.join('')}`);
      const full = readmeBlocks('packages/nestjs/README.md').find((b) => b.code.startsWith('// main.ts'));
      mkdirSync(join(dir, 'src'));
      for (const [name, code] of Object.entries(splitFiles(full?.code ?? '')))
        writeFileSync(join(dir, 'src', name), code);
      await run(pnpm[0], [...pnpm[1], 'install', '--prefer-offline', '--reporter=silent'], {
        cwd: dir,
        timeout: 240_000,
      });
    }, 300_000);

    it('an app on Express installs no Fastify (@paywire/fastify, a dependency of @paywire/nestjs, only takes types from it)', () => {
      expect(readdirSync(join(dir, 'node_modules/.pnpm')).filter((d) => d.startsWith('fastify@'))).toEqual([]);
    });

    it('compiles the README example with its tsconfig (what `nest build` runs)', async () => {
      const tsc = join(dir, 'node_modules/typescript/bin/tsc');
      const out = await run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: dir, timeout: 120_000 }).catch(
        (e: { stdout: string }) => e,
      );
      expect(out.stdout).toBe('');
    }, 150_000);

    it('runs it: `node dist/main` takes a signed Waylet callback to the README handler, with no warning; `paywire doctor` finds it healthy', async () => {
      const port = await freePort();
      const env = {
        ...process.env,
        PORT: String(port),
        WAYLET_BASE_URL: 'http://127.0.0.1:9',
        WAYLET_API_KEY: 'k',
        WAYLET_COMMERCE_ID: 'c-1',
        WAYLET_SECRET: 'nest-secret',
        ETPAY_API_URL: 'http://127.0.0.1:9',
        ETPAY_PMT_URL: 'http://127.0.0.1:9',
        ETPAY_MERCHANT_CODE: 'm',
        ETPAY_API_TOKEN: 't',
      };
      const child = spawn(process.execPath, ['dist/main'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
      try {
        const { body, headers } = testing.waylet.callback(
          { status: 'PAID', paymentId: 'order-1', amount: 300 },
          { secret: 'nest-secret' },
        );
        let res: Response | undefined;
        for (let i = 0; i < 100 && !res; i++) {
          res = await fetch(`http://127.0.0.1:${port}/webhooks/waylet`, { method: 'POST', headers, body }).catch(
            async () => {
              await new Promise((r) => setTimeout(r, 200));
              return undefined;
            },
          );
        }
        expect([res?.status, await res?.text()]).toEqual([200, '{}']);
        for (let i = 0; i < 50 && !stdout.includes('paid:'); i++) await new Promise((r) => setTimeout(r, 100));
        expect(stdout).toContain('paid: waylet order-1 300');
        // the installed `paywire` bin (from the tarball, built dist) checks this app: Waylet verified, no handler run
        const doctorEnv = { ...process.env, WAYLET_SECRET: 'nest-secret', ETPAY_MERCHANT_CODE: 'm' };
        const bin = join(dir, 'node_modules/.bin/paywire');
        const report = await run(bin, ['doctor', '--url', `http://127.0.0.1:${port}/webhooks`, '--json'], {
          cwd: dir,
          env: doctorEnv,
          timeout: 60_000,
        });
        const codes = (
          JSON.parse(report.stdout) as { checks: { provider: string; diagnoses: { code: string }[] }[] }
        ).checks.map((c) => [c.provider, c.diagnoses.map((d) => d.code)]);
        expect(codes).toEqual([
          ['waylet', ['ok']],
          ['etpay', ['session-check']],
        ]);
        expect(stdout.match(/paid:/g)).toHaveLength(1);
        expect(stderr).toBe('');
      } finally {
        child.kill();
      }
    }, 60_000);
  });
});

it.skipIf(built || process.env.CI !== 'true')('CI builds the packages before testing', () => {
  expect.fail('packages/*/dist/cjs is missing: `pnpm test` runs `pnpm build` first');
});
