import type { PaywireLogger } from '../../lib/logger.js';
import type { ParsedDelivery, ProviderWebhook } from '../types.js';
import type { PaykassmaConfig } from './config.js';
import { postbackEvents } from './events.js';
import { postbackRefusal } from './refusal.js';
import type { PaykassmaRawEvent, PaykassmaVerification } from './schemas.js';
import { verifyParsedPostback } from './signature.js';

/** The exact acknowledgement Paykassma expects; anything else makes it resend the postback. */
export const PAYKASSMA_ACK = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"status":"ok"}',
} as const;

/** The verification every event and unknown event of a delivery carries (they share one). */
function verificationOf(delivery: ParsedDelivery): PaykassmaVerification | undefined {
  for (const item of [...delivery.events, ...(delivery.unknown ?? [])]) {
    const raw = item.raw as PaykassmaRawEvent | undefined;
    if (raw && raw.kind !== 'activation' && raw.verification) return raw.verification;
  }
  return undefined;
}

/**
 * The Paykassma side of the webhook pipeline. Cheap refusals (size, signature shape, access key, number of
 * transactions) come before any re-parse or hashing. The acknowledgement names the scheme and key index that
 * matched (`x-paywire-signature-scheme`, `x-paywire-key-index`), and the first delivery verified by each
 * scheme and key logs one info line. Internal.
 */
export function createPaykassmaWebhook(
  config: PaykassmaConfig,
  now: () => number,
  logger: PaywireLogger,
): ProviderWebhook {
  const options = {
    accessKey: config.postbackAccessKey,
    privateKey: config.postbackPrivateKey,
    hashedMember: config.hashedMember,
    signatureScheme: config.signatureScheme,
    maxTransactions: config.maxTransactions,
  };
  const announced = new Set<string>();
  return {
    async receive(input): Promise<ParsedDelivery> {
      if (input.text.length > config.maxPostbackBytes || Buffer.byteLength(input.text) > config.maxPostbackBytes) {
        throw postbackRefusal(
          'ERR_BODY_TOO_LARGE',
          `larger than ${config.maxPostbackBytes} bytes (see the maxPostbackBytes option)`,
        );
      }
      const verified = verifyParsedPostback(input.text, input.json, options);
      const key = `${verified.scheme}#${verified.keyIndex}`;
      if (!announced.has(key)) {
        announced.add(key);
        const pin = config.signatureScheme === 'auto' ? `; pin it with signatureScheme: '${verified.scheme}'` : '';
        logger.info(
          `paykassma postbacks verify with signature scheme "${verified.scheme}" and postbackPrivateKey #${verified.keyIndex} (${verified.format} format, matched on the ${verified.matchedBy === 'raw' ? 'bytes as received' : 'PHP re-encoding'})${pin}`,
        );
      }
      return postbackEvents(verified, new Date(now()), {
        timezoneOffset: config.timezoneOffset,
        transactionTypes: config.transactionTypes,
        statuses: config.statuses,
        flatWithoutType: config.flatWithoutType,
      });
    },
    acknowledge: (delivery) => {
      const verification = verificationOf(delivery);
      const headers: Record<string, string> = { ...PAYKASSMA_ACK.headers };
      if (verification) {
        headers['x-paywire-signature-scheme'] = verification.scheme;
        headers['x-paywire-key-index'] = String(verification.keyIndex);
      }
      return { status: PAYKASSMA_ACK.status, headers, body: PAYKASSMA_ACK.body };
    },
  };
}
