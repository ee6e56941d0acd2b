import { defineProvider } from '../types.js';
import { wayletTesting } from './testing.js';
import { createWayletClient } from './client.js';
import { wayletConfigSchema } from './config.js';
import { createWayletWebhook } from './webhook.js';

/** The Waylet provider definition (registry entry). Internal. */
export const wayletProvider = defineProvider({
  name: 'waylet',
  configSchema: wayletConfigSchema,
  secrets: (config) => [config.apiKey, ...config.secrets],
  createClient: createWayletClient,
  createWebhook: createWayletWebhook,
  testing: wayletTesting,
});
