import { afterEach, describe, it } from 'vitest';
import { describeStoreContract } from '../testing/index.js';
import { memoryStore } from './memory.js';

describeStoreContract('memoryStore', () => memoryStore(), { describe, it, afterEach });
describeStoreContract(
  'memoryStore at tiny bounds',
  () => memoryStore({ maxDedupEntries: 200, maxPayments: 200, maxValues: 200 }),
  { describe, it, afterEach },
);
