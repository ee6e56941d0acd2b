import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Header,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Redirect,
  UseFilters,
} from '@nestjs/common';
import { homePage, orderPage, PRICES } from '@paywire/example-shop';
import { CheckoutService } from './checkout.service.js';
import { SHOP_CONFIG, type ShopConfig } from './config.js';
import { OrdersService, type Order } from './orders.service.js';
import { ShopErrorsFilter } from './shop-errors.filter.js';

const HTML = 'text/html; charset=utf-8';

/** A posted form field as text ('' when it is absent or not a single value). */
const formText = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

/** The shop's pages: home, place an order, the order's page, Paykassma's activation, and a JSON list of orders. */
@Controller()
@UseFilters(ShopErrorsFilter)
export class ShopController {
  constructor(
    @Inject(OrdersService) private readonly orders: OrdersService,
    @Inject(CheckoutService) private readonly checkout: CheckoutService,
    @Inject(SHOP_CONFIG) private readonly config: ShopConfig,
  ) {}

  @Get()
  @Header('Content-Type', HTML)
  home(): string {
    return homePage(this.checkout.providers, this.orders.list(), 'NestJS');
  }

  /** Every order with its status and the types of the events it received (what the tests poll). */
  @Get('orders.json')
  list(): (Omit<Order, 'events'> & { events: string[] })[] {
    return this.orders.list().map(({ events, ...order }) => ({ ...order, events: events.map((e) => e.type) }));
  }

  /** Places an order and sends the customer where its provider wants them (303). */
  @Post('orders')
  @Redirect('/', 303)
  async create(@Body() body: { provider?: unknown; customer?: unknown } = {}): Promise<{ url: string }> {
    const provider = formText(body.provider);
    if (!this.checkout.accepts(provider)) throw new BadRequestException('choose a configured provider');
    const customer = formText(body.customer).trim() || 'guest@example.com';
    const price = PRICES[provider];
    const order = this.orders.create({
      provider,
      product: 'Coffee beans, 1 kg',
      amount: price.amount,
      currency: price.currency,
      customer,
    });
    return { url: await this.checkout.start(order) };
  }

  @Get('orders/:id')
  @Header('Content-Type', HTML)
  show(@Param('id') id: string, @Query('notice') notice?: unknown): string {
    const order = this.orders.get(id);
    if (!order) throw new NotFoundException('no such order');
    return orderPage(order, {
      wayletApp: this.config.wayletAppUrl,
      notice: typeof notice === 'string' ? notice : undefined,
      brand: 'NestJS',
    });
  }

  /** Paykassma: the customer typed the Wavepay transaction number; back to the order page with the answer. */
  @Post('orders/:id/activate')
  @Redirect('/', 303)
  async activate(@Param('id') id: string, @Body('transaction') transaction?: unknown): Promise<{ url: string }> {
    const order = this.orders.get(id);
    if (!order || order.provider !== 'paykassma') throw new NotFoundException('no such Paykassma order');
    const notice = await this.checkout.activateWavepay(order, formText(transaction).trim());
    return { url: `/orders/${order.id}?notice=${encodeURIComponent(notice)}` };
  }
}
