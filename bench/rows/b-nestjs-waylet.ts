import 'reflect-metadata';
import type { Server } from 'node:http';
import { Body, Controller, HttpCode, Injectable, Module, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { OnPaymentPaid, PaymentsModule } from '@paywire/nestjs';
import { wayletHttpFixtures } from '../fixtures/express-waylet.js';
import { wayletBodies, wayletProvider } from '../fixtures/waylet.js';
import type { HttpServerRow } from '../lib/row.js';

@Injectable()
class NoopPaymentHandlers {
  @OnPaymentPaid()
  onPaid(): void {}
}

@Module({
  imports: [
    PaymentsModule.forRoot({ providers: { waylet: wayletProvider }, webhooks: { path: 'webhooks', dedupTtlMs: 1 } }),
  ],
  providers: [NoopPaymentHandlers],
})
class PaywireAppModule {}

@Controller('webhooks')
class BareWebhookController {
  @Post('waylet')
  @HttpCode(200)
  receive(@Body() _body: unknown): Record<string, never> {
    return {};
  }
}

@Module({ controllers: [BareWebhookController] })
class BareAppModule {}

async function start(app: INestApplication): Promise<Server> {
  await app.listen(0, '127.0.0.1');
  return app.getHttpServer() as Server;
}

/** B: NestJS `PaymentsModule` (app created with `rawBody: true`) against a bare `@Post` + `@Body` controller. */
export const row: HttpServerRow = {
  id: 'B',
  kind: 'http',
  ours: 'NestJS `PaymentsModule`, `rawBody: true`',
  against: 'bare Nest `@Post` + `@Body` controller',
  target: { text: '≥ 0.9', min: 0.9 },
  fixtures: async ({ quick }) => wayletHttpFixtures(wayletBodies(quick ? 16_384 : 65_536)),
  serveOurs: async () => start(await NestFactory.create(PaywireAppModule, { rawBody: true, logger: false })),
  serveAlternative: async () => start(await NestFactory.create(BareAppModule, { logger: false })),
};
