import type { PaymentEvent } from '../../events.js';
import { canonicalId, codeValue, exactAmount } from './canonical.js';
import {
  classifyType,
  parsePaykassmaDatetime,
  paykassmaEventId,
  type PostbackMapping,
  type ResolvedEventOptions,
} from './events.js';
import { objectMember, type JsonNode } from '../../lib/json/index.js';
import { postbackRefusal } from './refusal.js';
import type { PaykassmaRawEvent } from './schemas.js';
import type { VerifiedFlatPostback } from './signature.js';

const unmapped = (message: string, field: string) =>
  postbackRefusal('ERR_PAYLOAD_INVALID', message, { httpStatus: 422, field });

/** The first of several member names present in the body. */
function firstOf(tree: JsonNode, ...names: string[]): [string, JsonNode] | undefined {
  for (const name of names) {
    const node = objectMember(tree, name);
    if (node !== undefined && !(node.kind === 'literal' && node.value === null)) return [name, node];
  }
  return undefined;
}

/**
 * Maps a verified flat postback (one operation, every member signed). A deposit whose status is in
 * `statuses.paid` → `payment.paid`; in `statuses.failed` → `payment.failed` with the status as failure code;
 * a withdrawal → an unknown event. The merchant's id is `custom_transaction_id` (or `custom_id`), else the
 * signed `label` you passed to the payment window. Internal: use {@link postbackEvents}.
 *
 * @example
 * ```ts
 * import { flatEvents } from './flat-events.js'
 * declare const verified: Parameters<typeof flatEvents>[0], resolvedOptions: Parameters<typeof flatEvents>[2]
 * flatEvents(verified, new Date(), resolvedOptions).events[0]?.type // 'payment.paid'
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID`: 422 for an unmapped type or status (naming the option), 400 for
 *   a missing id or a non-canonical id or amount.
 */
export function flatEvents(
  verified: VerifiedFlatPostback,
  receivedAt: Date,
  options: ResolvedEventOptions,
): PostbackMapping {
  const { tree, postback, matchedBy } = verified;
  const { signature: _signature, ...signed } = postback;
  const raw: PaykassmaRawEvent = {
    kind: 'flat',
    postback: signed,
    verification: { scheme: verified.scheme, keyIndex: verified.keyIndex },
  };
  const typeMember = firstOf(tree, 'type', 'transaction_type');
  const type = typeMember ? codeValue(typeMember[1], typeMember[0]) : undefined;
  let direction: 'deposit' | 'withdrawal';
  if (type !== undefined) direction = classifyType(type, options.transactionTypes, 'the flat postback');
  else if (options.flatWithoutType !== 'refuse') direction = options.flatWithoutType;
  else
    throw unmapped(
      'the flat postback names no type (deposit or withdrawal); set providers.paykassma.flatWithoutType to "deposit" or "withdrawal" if yours never do',
      'flatWithoutType',
    );
  if (direction === 'withdrawal') return { events: [], unknown: [{ provider: 'paykassma', type: 'withdrawal', raw }] };

  const statusNode = objectMember(tree, 'status');
  const status = codeValue(statusNode, 'status');
  const shown = JSON.stringify((status ?? '').slice(0, 40));
  const kind =
    status === undefined
      ? undefined
      : options.statuses.paid.includes(status)
        ? 'paid'
        : options.statuses.failed.includes(status)
          ? 'failed'
          : undefined;
  if (kind === undefined) {
    throw unmapped(
      `the deposit has ${status === undefined ? 'no status' : `status ${shown}`}, which providers.paykassma.statuses does not map; add it, e.g. statuses: { paid: [${shown}] } or { failed: [${shown}] } (Paykassma resends the postback until it is accepted)`,
      'statuses',
    );
  }
  const custom = firstOf(tree, 'custom_transaction_id', 'custom_id');
  const customId = custom ? canonicalId(custom[1], custom[0]) : undefined;
  const tx = firstOf(tree, 'transaction_id', 'id');
  const transactionId = tx ? canonicalId(tx[1], tx[0]) : undefined;
  if (customId === undefined && transactionId === undefined) {
    throw postbackRefusal(
      'ERR_PAYLOAD_INVALID',
      'the deposit has neither custom_transaction_id nor transaction_id to deduplicate by',
    );
  }
  const paymentId = customId ?? canonicalId(objectMember(tree, 'label'), 'label');
  const when = firstOf(tree, 'activated_at', 'activated_datetime', 'created_at', 'created_datetime');
  const occurredAt = when
    ? parsePaykassmaDatetime(
        when[1].kind === 'number' ? Number(when[1].token) : when[1].kind === 'string' ? when[1].value : undefined,
        options.timezoneOffset,
      )
    : undefined;
  const base = paykassmaEventId({ customId, transactionId });
  const event: PaymentEvent<'paykassma'> = {
    // A paid deposit keeps the id an activation answer uses, so the two collide; a failure is its own event.
    id: kind === 'paid' ? base : `${base}:${status}`,
    provider: 'paykassma',
    type: kind === 'paid' ? 'payment.paid' : 'payment.failed',
    ...(paymentId !== undefined ? { paymentId } : {}),
    ...(transactionId !== undefined ? { providerPaymentId: transactionId } : {}),
    amount: {
      value: exactAmount(objectMember(tree, 'amount'), matchedBy),
      ...(typeof postback.currency_code === 'string' && postback.currency_code
        ? { currency: postback.currency_code }
        : {}),
      unit: 'major',
    },
    ...(kind === 'failed'
      ? { failure: { code: statusNode?.kind === 'string' ? statusNode.value : status, verified: true } }
      : {}),
    ...(occurredAt ? { occurredAt } : {}),
    receivedAt,
    source: 'webhook',
    raw,
  };
  return { events: [event], unknown: [] };
}
