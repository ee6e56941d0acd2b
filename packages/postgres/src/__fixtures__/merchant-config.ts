/** The Waylet settings the merchant app fixture and its tests share (test values, not real credentials). */
export const merchantWaylet = {
  baseUrl: 'http://127.0.0.1:9/api',
  apiKey: 'waylet-api-key',
  commerceId: 'f86edbb51682cee8fcdb13ff',
  secret: 'waylet-test-secret',
} as const;
