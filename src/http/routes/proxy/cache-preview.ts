// x-synapse-preview-cache: true on any proxy route: the cache prediction instead of an answer (would
// it hit, which tier, the similarity, a latency estimate). The completion routes ask the pipeline,
// which finds the request's key and semantic view as it would to answer it and makes the lookup of
// POST /api/v1/cache/preview (LayeredCache.preview); routes the cache does not serve say so. The
// upstream is never called and nothing is stored.
import type { FastifyReply } from 'fastify';
import type { CompletionPreview } from '../../../domain/proxy/completion-pipeline.js';
import type { ProxyCachePreview } from '../../contract/proxy/proxy-wire-schemas.js';
import { isTrue } from './cache-directives.js';

export function wantsPreview(headers: { 'x-synapse-preview-cache'?: string | undefined }): boolean {
  return isTrue(headers['x-synapse-preview-cache']);
}

export function sendPreview(reply: FastifyReply, found: CompletionPreview): FastifyReply {
  const body = previewBody(found);
  // The tier and similarity the request would get; no cache status, since nothing was served.
  reply.header('x-synapse-cache-tier', body.tier);
  reply.header('x-synapse-latency-ms', String(Math.round(reply.elapsedTime)));
  if (body.similarity !== null) {
    reply.header('x-synapse-similarity', body.similarity.toFixed(4));
    reply.header('x-cache-similarity', body.similarity.toFixed(4));
  }
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/** The preview of a route the cache does not serve. */
export function sendUncachedPreview(reply: FastifyReply, route: string): FastifyReply {
  return sendPreview(reply, { cacheable: false, notCachedBecause: `${route} is not cached` });
}

function previewBody(found: CompletionPreview): ProxyCachePreview {
  if (!found.cacheable) {
    return {
      preview: true, cacheable: false, action: 'miss', tier: 'NONE', source: null, similarity: null, threshold: null,
      entryId: null, nearest: null, estimatedLatencyMs: null, notCachedBecause: found.notCachedBecause,
    };
  }
  const { preview } = found;
  const tier = preview.action !== 'hit' ? 'NONE' : preview.source === 'exact' ? 'L1' : 'L2';
  return {
    preview: true,
    cacheable: true,
    ...preview,
    tier,
    estimatedLatencyMs: preview.action === 'hit' ? Math.round(found.lookupMs) : null,
  };
}
