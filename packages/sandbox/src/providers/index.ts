import type { Emulator } from '../context.js';
import { waylet } from './waylet.js';
import { etpay } from './etpay.js';
import { paykassma } from './paykassma.js';

/** Every provider emulator, by name. */
export const emulators: Record<string, Emulator> = { waylet, etpay, paykassma };
