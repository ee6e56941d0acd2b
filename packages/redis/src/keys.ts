/**
 * The key layout. Every key starts with the prefix; the id that makes it unique is wrapped in a Redis Cluster
 * hash tag (`{…}`), so a key's slot depends on that id alone. Every script touches exactly one key, so no script
 * ever needs two slots.
 *
 * | key | holds | TTL |
 * |---|---|---|
 * | `<prefix>e:{<event id>}` | `L:<lease end>:<owner>` (a lease), `r` (released unfinished) or `d` (done) | dedup TTL |
 * | `<prefix>p:{<provider>:<payment id>}` | `<version>:<record JSON>` (the ledger) | the retention |
 * | `<prefix>v:{<key>}` | a value from `set` (ETpay sessions, …) | the value's TTL |
 */
export interface KeyLayout {
  event(eventId: string): string;
  payment(provider: string, paymentId: string): string;
  value(key: string): string;
}

/** Builds the key layout for one prefix. */
export function keyLayout(prefix: string): KeyLayout {
  return {
    event: (eventId) => `${prefix}e:{${eventId}}`,
    payment: (provider, paymentId) => `${prefix}p:{${provider}:${paymentId}}`,
    value: (key) => `${prefix}v:{${key}}`,
  };
}
