/** How request bodies are read. */
export interface BodyOptions {
  /** Largest JSON body in bytes. Default 16384. */
  bodyLimit?: number | undefined;
  /** How long reading a request body may take (ms) before a 408. Default 10000. */
  bodyTimeoutMs?: number | undefined;
}
