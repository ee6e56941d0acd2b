/** Where the doctor reads the app's configuration: the environment, a JSON file, a JS module. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { doctorProvidersFromEnv, loadDoctorConfig } from './config.js';

describe('doctor configuration', () => {
  it("from the environment, under the example apps' names; PROVIDERS narrows", () => {
    const env = {
      WAYLET_SECRET: 'w',
      PAYLICAN_WEBHOOK_TOKEN: 'tok-0123456789abcdef',
      PAYLICAN_WEBHOOK_TOKEN_IN: 'path',
      PAYKASSMA_POSTBACK_ACCESS_KEY: 'a',
      PAYKASSMA_POSTBACK_PRIVATE_KEY: 'p',
      ETPAY_MERCHANT_CODE: 'm',
    };
    expect(doctorProvidersFromEnv(env)).toEqual({
      waylet: { secret: 'w' },
      paylican: { webhookAuth: { token: 'tok-0123456789abcdef', tokenIn: 'path' } },
      paykassma: { postbackAccessKey: 'a', postbackPrivateKey: 'p' },
      etpay: {},
    });
    expect(Object.keys(doctorProvidersFromEnv({ ...env, PROVIDERS: 'waylet, etpay' }))).toEqual(['waylet', 'etpay']);
    expect(doctorProvidersFromEnv({})).toEqual({});
  });

  it('from a JSON file or a module exporting the createPaywire options', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-config-'));
    writeFileSync(join(dir, 'paywire.json'), JSON.stringify({ providers: { waylet: { secret: 'j' } } }));
    writeFileSync(
      join(dir, 'paywire.config.mjs'),
      "export default { providers: { waylet: { secret: 'm', baseUrl: 'x' } }, logger: console };\n",
    );
    writeFileSync(join(dir, 'bad.json'), '{"waylet":{}}');
    expect(await loadDoctorConfig(join(dir, 'paywire.json'))).toEqual({ waylet: { secret: 'j' } });
    expect(await loadDoctorConfig(join(dir, 'paywire.config.mjs'))).toEqual({ waylet: { secret: 'm', baseUrl: 'x' } });
    await expect(loadDoctorConfig(join(dir, 'bad.json'))).rejects.toThrow('expected an object with "providers"');
  });
});
