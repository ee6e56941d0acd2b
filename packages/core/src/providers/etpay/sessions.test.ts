import { describe, expect, it } from 'vitest';
import { isPaywireError } from '../../errors.js';
import { memoryStore } from '../../stores/memory.js';
import { etpaySessionKey, etpaySessionRecordSchema, loadEtpaySession, plainSessionRecord } from './sessions.js';

const record = { signatureToken: 'sig-token', merchantOrderId: 'A1', orderAmount: 1000 };

describe('stored ETpay session records', () => {
  it('plainSessionRecord answers as the schema does for every member set to an edge value', () => {
    const values = [
      '',
      'x',
      0,
      -1,
      1,
      1.5,
      Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER + 1,
      1e21,
      null,
      true,
      [],
      {},
      undefined,
    ];
    for (const key of [...Object.keys(etpaySessionRecordSchema.shape), 'extra'])
      for (const value of values) {
        const json = JSON.parse(JSON.stringify({ ...record, [key]: value })) as unknown;
        const plain = plainSessionRecord(json);
        const zod = etpaySessionRecordSchema.safeParse(json);
        if (plain !== undefined)
          expect(JSON.stringify(plain), `${key}: ${JSON.stringify(value)}`).toBe(JSON.stringify(zod.data));
        else expect(zod.success && key !== 'extra', `${key}: ${JSON.stringify(value)}`).toBe(false);
      }
    for (const json of [null, [record], 'text', 1]) expect(plainSessionRecord(json)).toBeUndefined();
  });

  it('refuses a tampered or corrupt stored record with ERR_SESSION_UNKNOWN', async () => {
    const store = memoryStore();
    for (const text of ['{', '[]', '{"signatureToken":"k","merchantOrderId":"A1","orderAmount":"1000"}', 'null']) {
      await store.set(etpaySessionKey('s1'), text, 60_000);
      const error = await loadEtpaySession(store, 's1').catch((e: unknown) => e);
      expect(isPaywireError(error) && error.code, text).toBe('ERR_SESSION_UNKNOWN');
    }
    await store.set(etpaySessionKey('s1'), JSON.stringify({ ...record, extra: 1 }), 60_000);
    await expect(loadEtpaySession(store, 's1')).resolves.toEqual(record);
  });
});
