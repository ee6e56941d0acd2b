import { Module } from '@nestjs/common';
import { CheckoutService } from './checkout.service.js';
import { OrdersService } from './orders.service.js';
import { ShopController } from './shop.controller.js';

/**
 * The shop: orders (with their `@OnPaymentPaid()`-style handlers), the checkout (calling providers with the
 * injected paywire client) and the pages. Needs `PaymentsModule` registered globally and the shop configuration.
 */
@Module({
  controllers: [ShopController],
  providers: [OrdersService, CheckoutService],
})
export class OrdersModule {}
