// What /ready asks: each backend the gateway needs, by name. The storage is always one; Redis
// joins when it is configured.

export interface ReadinessCheck {
  name: string;
  /** Resolves when the backend answers; rejects otherwise (and must not hang: backends time out). */
  check(): Promise<void>;
}
