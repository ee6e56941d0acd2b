import { defineProvider } from '../types.js';
import { paykassmaTesting } from './testing.js';
import { createPaykassmaClient } from './client.js';
import { paykassmaConfigSchema } from './config.js';
import { createPaykassmaWebhook } from './webhook.js';

/** The Paykassma provider definition (registry entry). Internal. */
export const paykassmaProvider = defineProvider({
  name: 'paykassma',
  configSchema: paykassmaConfigSchema,
  secrets: (config) => [config.apiSecret, config.postbackAccessKey, ...config.postbackPrivateKey],
  createClient: createPaykassmaClient,
  createWebhook: (config, ctx) => createPaykassmaWebhook(config, () => ctx.clock.now(), ctx.logger),
  testing: paykassmaTesting,
});
