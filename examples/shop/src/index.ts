/**
 * The framework-free half of the example shops (Express and NestJS): the order book, the checkout per provider,
 * the pages and the configuration. Each example adds only what its framework does: routes, webhook mounting and
 * the handlers that call {@link OrderBook.apply}.
 * @module
 */
export { OrderBook, type Order } from './orders.js';
export { PRICES, startCheckout, activateWavepay, type CheckoutUrls } from './checkout.js';
export { homePage, orderPage } from './pages.js';
export { providersFromEnv, shopConfigFromEnv, type Env, type ShopConfig } from './config.js';
