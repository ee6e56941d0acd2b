import type { PaywireLogger } from '../../lib/logger.js';
import type { ParsedDelivery, ProviderWebhook } from '../types.js';
import type { PaykassmaConfig } from './config.js';
import { postbackEvents } from './events.js';
import { verifyParsedPostback } from './signature.js';

/** The exact acknowledgement Paykassma expects; anything else makes it resend the postback. */
export const PAYKASSMA_ACK = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}' } as const;

/** The Paykassma side of the webhook pipeline. Internal. */
export function createPaykassmaWebhook(config: PaykassmaConfig, now: () => number, logger: PaywireLogger): ProviderWebhook {
  const keys = { accessKey: config.postbackAccessKey, privateKey: config.postbackPrivateKey, hashedMember: config.hashedMember };
  return {
    async receive(input): Promise<ParsedDelivery> {
      const verified = verifyParsedPostback(input.text, input.json, keys);
      if (verified.matchedBy === 'php') logger.debug('paykassma postback verified over the PHP re-encoding of the hashed member (its bytes in the body differ)');
      return postbackEvents(verified, new Date(now()), { timezoneOffset: config.timezoneOffset, transactionTypes: config.transactionTypes });
    },
    acknowledge: () => ({ status: PAYKASSMA_ACK.status, headers: { ...PAYKASSMA_ACK.headers }, body: PAYKASSMA_ACK.body }),
  };
}
