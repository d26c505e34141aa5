// The seam between an upstream's stream and the client's: a relay reads the upstream's SSE events
// one by one, says which events the client receives (in the client's protocol), and rebuilds the
// whole answer so a finished stream can be cached and replayed later as JSON or as a stream.

/** One server-sent event as a protocol defines it: an optional event name and its data. */
export interface SseEvent {
  /** The `event:` line (Anthropic and Responses streams name every event; chat streams do not). */
  event?: string;
  /** Serialized as JSON on the `data:` line; a string is written as it is (e.g. `[DONE]`). */
  data: unknown;
}

/** An upstream SSE event as it arrived: its name (if any) and the raw text of its data. */
export interface UpstreamEvent {
  event?: string;
  data: string;
}

export interface StreamRelay<Answer> {
  /**
   * Takes one upstream event and returns the events the client gets for it (often one, maybe
   * none). Throws SynapseError `upstream_failed` when the upstream reported an error in the stream
   * or sent something unreadable.
   */
  accept(event: UpstreamEvent): SseEvent[];
  /**
   * Called once the upstream stream ended: returns the closing events for the client. Throws
   * SynapseError `upstream_failed` when the answer never finished (the stream broke off).
   */
  finish(): SseEvent[];
  /** The whole answer, in the client's protocol; only valid after finish() returned. */
  answer(): Answer;
  /**
   * False when something reached the client that the rebuilt answer could not take in (an unknown
   * delta kind): the client's copy is whole, the rebuilt one may not be, so it is not cached.
   */
  readonly lossless?: boolean;
  /** The single event that tells the client the stream failed after it started. */
  errorEvent(error: { message: string; type: string; code: string }): SseEvent;
}
