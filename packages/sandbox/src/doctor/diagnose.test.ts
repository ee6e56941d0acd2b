/**
 * The doctor's reading of answers it cannot easily provoke from a real app: clock skew, expired tokens, IP refusals.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from './diagnose.js';

const answer = (status: number, body: string) => ({ status, headers: {}, body });
const doctorOk = answer(
  200,
  JSON.stringify({ paywireDoctor: { rawBody: true, remoteAddress: '127.0.0.1', forwardedFor: null, serverTime: '' } }),
);

describe('diagnose', () => {
  it('a clock more than maxSkew away is clock-skew, in either direction', () => {
    expect(diagnose('waylet', doctorOk, {}, 120_000, 30_000).map((d) => [d.code, d.message.includes('ahead')])).toEqual(
      [
        ['clock-skew', true],
        ['ok', false],
      ],
    );
    expect(diagnose('waylet', doctorOk, {}, -45_000, 30_000)[0]?.message).toContain('45 s behind');
    expect(diagnose('waylet', doctorOk, {}, 2_000, 30_000).map((d) => d.code)).toEqual(['ok']);
  });

  it('an expired ETpay token is clock-skew; an IP refusal explains trustProxy', () => {
    expect(
      diagnose('etpay', answer(401, '{"error":{"code":"ERR_TOKEN_EXPIRED","message":"x"}}'), {}, 0, 30_000).map(
        (d) => d.code,
      ),
    ).toEqual(['clock-skew']);
    const ip = diagnose(
      'paylican',
      answer(403, '{"error":{"code":"ERR_WEBHOOK_FORBIDDEN","message":"x"}}'),
      { paylican: { webhookAuth: { allowIps: ['203.0.113.0/24'] } } },
      0,
      30_000,
    );
    expect([ip[0]?.code, ip[0]?.fix]).toEqual(['ip-refused', expect.stringContaining('trustProxy')]);
  });

  it('a 2xx that is not a doctor reply: the handlers may have run', () => {
    expect(diagnose('waylet', answer(200, '{}'), {}, 0, 30_000).map((d) => [d.code, d.severity])).toEqual([
      ['handlers-ran', 'error'],
    ]);
  });

  it('never repeats a secret: diagnoses name settings, not values', () => {
    const all = diagnose(
      'waylet',
      answer(401, '{"error":{"code":"ERR_SIGNATURE_INVALID","message":"bad signature"}}'),
      { waylet: { secret: 'top-secret-value' } },
      0,
      30_000,
    );
    expect(JSON.stringify(all)).not.toContain('top-secret-value');
  });
});
