/** The signed test deliveries `paywire doctor` sends, one per configured provider, built by the core testing kit. */
import { randomBytes } from 'node:crypto';
import { DOCTOR_HEADER, DOCTOR_PAYMENT_PREFIX } from '@paywire/core';
import { testing } from '@paywire/core/testing';
import type { DoctorProviders } from './types.js';

/** One test delivery. */
export interface Probe {
  provider: keyof DoctorProviders;
  url: string;
  body: string;
  headers: Record<string, string>;
  paymentId: string;
}

const marked = (headers: Record<string, string>) => ({ ...headers, [DOCTOR_HEADER]: '1' });

function paylicanUrl(base: string, d: { path?: string; query?: Record<string, string> }): string {
  const url = new URL(`${base}/paylican${d.path ?? ''}`);
  for (const [k, v] of Object.entries(d.query ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * Builds the test deliveries for every configured provider.
 * @param base the app's webhook base URL, without a trailing slash
 * @param unguarded for Paylican: leave the guard's credentials out (to see whether the app refuses it)
 * @throws never
 */
export async function buildProbes(base: string, providers: DoctorProviders, unguarded = false): Promise<Probe[]> {
  const paymentId = `${DOCTOR_PAYMENT_PREFIX}${randomBytes(6).toString('hex')}`;
  const probes: Probe[] = [];
  if (providers.waylet) {
    const d = testing.waylet.callback({ status: 'PAID', paymentId, amount: 100 }, { secret: providers.waylet.secret });
    probes.push({ provider: 'waylet', url: `${base}/waylet`, body: d.body, headers: marked(d.headers), paymentId });
  }
  if (providers.paylican) {
    const { token, tokenIn, queryParam, basic } = providers.paylican.webhookAuth;
    const auth = unguarded
      ? {}
      : {
          ...(token ? { token, tokenIn: tokenIn ?? 'query', queryParam: queryParam ?? 'token' } : {}),
          ...(basic ? { basic } : {}),
        };
    const d = testing.paylican.webhook(
      { status: 'PAID', type: 'invoice.payment_initiated', merchantReference: paymentId, amount: '1.00' },
      auth,
    );
    probes.push({
      provider: 'paylican',
      url: paylicanUrl(base, d),
      body: d.body,
      headers: marked(d.headers),
      paymentId,
    });
  }
  if (providers.paykassma) {
    const keys = {
      accessKey: providers.paykassma.postbackAccessKey,
      privateKey: providers.paykassma.postbackPrivateKey,
    };
    const d = testing.paykassma.postback(
      { label: 'paywire-doctor', transactions: [{ amount: 1, custom_id: paymentId }] },
      keys,
    );
    probes.push({
      provider: 'paykassma',
      url: `${base}/paykassma`,
      body: d.body,
      headers: marked(d.headers),
      paymentId,
    });
  }
  if (providers.etpay) {
    // ETpay signs with the token of a session the app created: the doctor can only see that the verifier is reached
    const d = await testing.etpay.notification({
      sessionToken: paymentId,
      signatureToken: 'paywire-doctor',
      paymentStatus: 'success',
      merchantOrderId: paymentId,
    });
    probes.push({ provider: 'etpay', url: `${base}/etpay`, body: d.body, headers: marked(d.headers), paymentId });
  }
  return probes;
}
