/**
 * Starts the NestJS example shop. Configuration: see ../README.md (every variable defaults to the local sandbox).
 *   pnpm --filter @paywire/example-nestjs start
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { SHOP_CONFIG, type ShopConfig } from './config.js';

// rawBody keeps req.rawBody for the app's own routes; the webhook endpoint reads the signed bytes itself either way.
const app = await NestFactory.create(AppModule.forRoot(process.env), { rawBody: true });
const config = app.get<ShopConfig>(SHOP_CONFIG);
await app.listen(config.port, config.host);
console.log(
  `shop listening on ${await app.getUrl()} (public URL ${config.publicUrl}; webhooks at ${config.publicUrl}/webhooks/<provider>)`,
);
// Ctrl-C / SIGTERM: close the app (PaymentsModule closes paywire's connections) and exit 0.
const stop = () => void app.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
