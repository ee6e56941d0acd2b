/** A signed delivery ready to POST. */
export interface TestDelivery {
  /** The exact JSON text to send. */
  body: string;
  headers: Record<string, string>;
  /** The parsed body, for assertions. */
  json: Record<string, unknown>;
}
