import { DiscoveryModule } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { PaymentsModule } from './index.js';

/** The NestJS major this run is meant to use: 12 by default, 11 in the `nest11` vitest project (test/nest11). */
const expectedMajor = process.env['PAYWIRE_NEST_MAJOR'] ?? '12';

describe(`NestJS ${expectedMajor}`, () => {
  it('loads the expected major of @nestjs/core, one copy for the tests and the package source', async () => {
    const pkg = (await import('@nestjs/core/package.json', { with: { type: 'json' } })) as {
      default: { version: string };
    };
    expect(pkg.default.version.split('.')[0]).toBe(expectedMajor);
    for (const platform of [
      await import('@nestjs/platform-express/package.json', { with: { type: 'json' } }),
      await import('@nestjs/platform-fastify/package.json', { with: { type: 'json' } }),
    ]) {
      expect((platform as { default: { version: string } }).default.version.split('.')[0]).toBe(expectedMajor);
    }
    // the DiscoveryModule that PaymentsModule imports is the very class the tests import
    expect((Reflect.getMetadata('imports', PaymentsModule) as unknown[])[0]).toBe(DiscoveryModule);
  });
});
