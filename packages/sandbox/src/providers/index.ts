import type { Emulator } from '../context.js';
import { waylet } from './waylet.js';
import { etpay } from './etpay.js';
import { paykassma } from './paykassma.js';
import { paylican } from './paylican.js';

/** Every provider emulator, by name. */
export const emulators: Record<string, Emulator> = { waylet, etpay, paykassma, paylican };
