import { defineProvider } from '../types.js';
import { paylicanTesting } from './testing.js';
import { createPaylicanClient } from './client.js';
import { paylicanConfigSchema } from './config.js';
import { createPaylicanWebhook } from './webhook.js';

/** The Paylican provider definition (registry entry). Internal. */
export const paylicanProvider = defineProvider({
  name: 'paylican',
  configSchema: paylicanConfigSchema,
  secrets: (config) =>
    [config.password, config.webhookAuth.token, config.webhookAuth.basic?.password].filter(
      (s): s is string => s !== undefined,
    ),
  createClient: createPaylicanClient,
  createWebhook: (config, ctx) => createPaylicanWebhook(config, () => ctx.clock.now(), ctx.logger),
  testing: paylicanTesting,
});
