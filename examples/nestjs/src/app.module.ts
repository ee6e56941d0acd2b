import { Module, type DynamicModule } from '@nestjs/common';
import { PaymentsModule } from '@paywire/nestjs';
import { SHOP_CONFIG, shopConfigFromEnv, type Env, type ShopConfig } from './config.js';
import { OrdersModule } from './orders.module.js';

/** Provides the {@link ShopConfig} read from the environment to every module (`@Inject(SHOP_CONFIG)`). */
@Module({})
export class ShopConfigModule {
  /**
   * @example
   * ```ts
   * imports: [ShopConfigModule.forRoot(process.env)]
   * ```
   * @throws TypeError from `shopConfigFromEnv` when a variable is malformed.
   */
  static forRoot(env: Env = process.env): DynamicModule {
    return {
      module: ShopConfigModule,
      global: true,
      providers: [{ provide: SHOP_CONFIG, useFactory: () => shopConfigFromEnv(env) }],
      exports: [SHOP_CONFIG],
    };
  }
}

/**
 * The example shop: configuration from the environment, paywire's `PaymentsModule` (webhooks at
 * `POST /webhooks/<provider>`, the client injectable everywhere) and the shop itself.
 */
@Module({})
export class AppModule {
  /**
   * @example
   * ```ts
   * const app = await NestFactory.create(AppModule.forRoot(process.env), { rawBody: true })
   * ```
   */
  static forRoot(env: Env = process.env): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ShopConfigModule.forRoot(env),
        PaymentsModule.forRootAsync({
          inject: [SHOP_CONFIG],
          useFactory: (config: ShopConfig) => ({ providers: config.providers, webhooks: { path: 'webhooks' } }),
          isGlobal: true,
        }),
        OrdersModule,
      ],
    };
  }
}
