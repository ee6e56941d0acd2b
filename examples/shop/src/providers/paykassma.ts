import type { ShopProvider } from './types.js';

/** Paykassma (Wavepay) in the shop; its second step is `activateWavepay` in checkout.ts. */
export const paykassma: ShopProvider<'paykassma'> = {
  price: { amount: '6000', currency: 'MMK', label: '6 000 MMK (Wavepay)' },
  options: (env, sandbox) => ({
    apiUrl: env.PAYKASSMA_API_URL ?? sandbox.paykassma.apiUrl,
    pluginUrl: env.PAYKASSMA_PLUGIN_URL ?? sandbox.paykassma.pluginUrl,
    apiSecret: env.PAYKASSMA_API_SECRET ?? sandbox.paykassma.apiSecret,
    postbackAccessKey: env.PAYKASSMA_POSTBACK_ACCESS_KEY ?? sandbox.paykassma.postbackAccessKey,
    // A comma-separated list while rotating keys (the reply and the log name the index that matched).
    postbackPrivateKey:
      env.PAYKASSMA_POSTBACK_PRIVATE_KEY?.split(',').map((k) => k.trim()) ?? sandbox.paykassma.postbackPrivateKey,
    // The sandbox sends Paykassma's current flat postbacks; 'auto' also accepts the legacy ones and logs which
    // scheme matched, so you can pin it (flat | transactions | transactions-escaped).
    signatureScheme: (env.PAYKASSMA_SIGNATURE_SCHEME ?? 'auto') as
      'auto' | 'flat' | 'transactions' | 'transactions-escaped',
  }),
  async checkout(paywire, order, _urls, orderPage) {
    // Paykassma (Wavepay): show the wallet to pay to; the customer then types the wallet's transaction number.
    const { identifier } = await paywire
      .client('paykassma')
      .createTransaction({ walletType: 'wavepay', currency: 'MMK', label: order.id });
    order.checkout.wallet = identifier;
    return orderPage;
  },
};

declare module './types.js' {
  interface ShopProviderFiles {
    paykassma: typeof paykassma;
  }
}
