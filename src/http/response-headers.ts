// Response headers written through one small interface, so that the code deciding a header's value
// serves both a Fastify reply and the hit shortcut's plain header object (src/http/hit-shortcut/).
import type { FastifyReply } from 'fastify';

/** Sets one response header. */
export type HeaderSetter = (name: string, value: string) => void;

/** Sets headers on a Fastify reply. */
export function replyHeaders(reply: FastifyReply): HeaderSetter {
  return (name, value) => {
    reply.header(name, value);
  };
}
