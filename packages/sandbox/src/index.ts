/**
 * `@paywire/sandbox`: a local emulator of the Waylet, Paylican, Paykassma and ETpay gateways.
 * @module
 */
export { createSandbox, sandboxProviders, type Sandbox, type SandboxOptions } from './server.js';
export { sandboxCredentials, providerUrls } from './credentials.js';
export type { MerchantProfile } from './context.js';
export type { SandboxPayment, CallbackAttempt } from './state.js';
export {
  doctor,
  formatDoctorReport,
  type Diagnosis,
  type DiagnosisCode,
  type DoctorOptions,
  type DoctorProviders,
  type DoctorReport,
  type ProviderCheck,
} from './doctor/index.js';
export { doctorProvidersFromEnv, loadDoctorConfig, sandboxDoctorProviders } from './doctor/config.js';
