import { Catch, HttpException, Inject, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PaywireError } from '@paywire/core';

/**
 * The shop's error pages, in plain text for a customer rather than Nest's JSON (and whatever content type the
 * route declared): an `HttpException` shows its message with its status; a provider error while starting a payment
 * answers 400 when the provider refused the request (a 4xx error code) and 502 when it failed or could not be
 * reached, showing only the error's stable code. The log line has the message (paywire's never hold a secret).
 */
@Catch(PaywireError, HttpException)
export class ShopErrorsFilter implements ExceptionFilter<PaywireError | HttpException> {
  readonly #logger = new Logger('Shop');

  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  catch(error: PaywireError | HttpException, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const res: unknown = host.switchToHttp().getResponse();
    let status: number;
    let text: string;
    if (error instanceof HttpException) {
      [status, text] = [error.getStatus(), error.message];
    } else {
      this.#logger.error(`${error.code}: ${error.message}`);
      [status, text] = [error.httpStatus < 500 ? 400 : 502, `Payment could not be started: ${error.code}`];
    }
    httpAdapter.setHeader(res, 'Content-Type', 'text/plain; charset=utf-8');
    httpAdapter.reply(res, text, status);
  }
}
