// What /ready asks: each backend the gateway needs, by name. The storage is always one; Redis
// joins when it is configured. A check may also report details (the semantic cache's index:
// loading or ready), shown without failing readiness.

export interface ReadinessCheck {
  name: string;
  /** Resolves when the backend answers; rejects otherwise (and must not hang: backends time out). */
  check(): Promise<void>;
  /** What /ready shows under `details.<name>`. */
  details?(): unknown;
}
