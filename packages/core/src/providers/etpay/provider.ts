import { defineProvider } from '../types.js';
import { etpayTesting } from './testing.js';
import { createEtpayClient } from './client.js';
import { etpayConfigSchema } from './config.js';
import { createEtpayWebhook } from './webhook.js';

/** The ETpay provider definition (registry entry). Internal. */
export const etpayProvider = defineProvider({
  name: 'etpay',
  configSchema: etpayConfigSchema,
  secrets: (config) => [config.merchantApiToken],
  createClient: createEtpayClient,
  createWebhook: createEtpayWebhook,
  testing: etpayTesting,
});
