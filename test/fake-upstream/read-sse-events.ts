// Test helper for the fake upstream's own tests: reads a raw server-sent-events body into its
// frames ({event, data}), to check event names and order as the wire carries them.
import assert from 'node:assert/strict';

export interface SseFrame {
  event: string | undefined;
  data: string;
}

/** Every frame of the body, and the error that ended it early, if any. */
export async function readSseFrames(res: Response): Promise<{ frames: SseFrame[]; error?: unknown }> {
  assert.ok(res.body);
  const frames: SseFrame[] = [];
  let text = '';
  try {
    for await (const chunk of res.body.pipeThrough(new TextDecoderStream())) text += chunk;
  } catch (error) {
    return { frames: parseFrames(text), error };
  }
  assert.ok(text.endsWith('\n\n'), 'the stream ends on a frame boundary');
  frames.push(...parseFrames(text));
  return { frames };
}

function parseFrames(text: string): SseFrame[] {
  const frames: SseFrame[] = [];
  for (const block of text.split('\n\n')) {
    if (block === '') continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice('event: '.length);
      else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
      else assert.fail(`unexpected SSE line: ${line}`);
    }
    frames.push({ event, data: data.join('\n') });
  }
  return frames;
}

/** The JSON payloads of frames, with `event:` checked against each payload's `type`. */
export function typedPayloads(frames: SseFrame[]): ({ type: string } & Record<string, unknown>)[] {
  return frames.map((frame) => {
    const payload = JSON.parse(frame.data) as { type: string } & Record<string, unknown>;
    assert.equal(frame.event, payload.type, 'the event line names the payload type');
    return payload;
  });
}
