// Hybrid milestone search: the store's BM25 ranking fused with vector similarity from the
// gateway's embedder over an in-memory index partitioned by tenant and project (rebuilt from the
// store at start, kept current on store and delete). Each milestone's vector is mixed with those
// of its branch's previous milestones. Embedder failures degrade to lexical only, and so does
// search while the index loads in the background after start (see load()).
import type { MemoryStore, MilestoneRecord } from '../../../stores/ports/memory-store.js';
import type { NearestIndex } from '../../cache/semantic/vectors/nearest-index.js';
import type { VectorSpace } from '../../cache/semantic/vectors/vector-space.js';
import type { Logger } from '../../logger.js';
import { TimeSlices } from '../../time-slices.js';
import { agentMentionTest } from './agent-mention.js';
import { mixContextVectors } from './context-vector.js';
import { embeddingTextOf } from './milestone-text.js';
import {
  candidateDepth,
  CONTEXT_VECTOR_WEIGHTS,
  fuseScores,
  MIN_VECTOR_SIMILARITY,
  normaliseLexical,
  VECTOR_WEIGHT,
  type Candidate,
} from './rank-fusion.js';

export interface MilestoneSearchRequest {
  tenantId: string;
  query: string;
  /** Only these projects; all of the tenant's when absent. */
  projectIds?: string[];
  limit: number;
}

/** A milestone's stored (context-mixed) vector, as told to other gateway instances. */
export interface IndexedMilestoneVector {
  tenantId: string;
  projectId: string;
  milestoneId: string;
  createdAt: string;
  /** The vector space (embedder) id; other spaces' vectors are ignored. */
  spaceId: string;
  vector: Float32Array;
}

export interface MilestoneSearchHit {
  milestoneId: string;
  score: number;
  /** Its parts: BM25 relative to the best hit (0 when the words did not find it) and the cosine. */
  lexical: number;
  cosine: number;
}

interface IndexedMilestone {
  tenantId: string;
  projectId: string;
  createdAt: string;
  /** The stored (context-mixed) vector, when the index cannot give its similarity itself. */
  vector?: unknown;
}

const BACKFILL_BATCH = 256;
/** Stored vectors read per statement while loading. */
const LOAD_PAGE = 5000;
/** Own (unmixed) embeddings kept for the next milestones of a branch, so they are not embedded again. */
const RECENT_OWN_VECTORS = 4096;

export class MilestoneSearch {
  private readonly index: NearestIndex<unknown> | undefined;
  private readonly indexed = new Map<string, IndexedMilestone>();
  private readonly projectsByTenant = new Map<string, Map<string, number>>();
  private readonly ownVectors = new Map<string, unknown>();
  private readonly indexedListeners: Array<(row: IndexedMilestoneVector) => void> = [];
  private readonly removedListeners: Array<(milestoneIds: string[]) => void> = [];
  /** The running load, if any; `loaded` once a load has finished (true without an embedder). */
  private loading: Promise<void> | undefined;
  private loaded: boolean;
  /** Ids removed while a load runs: its listing may have read them before they went. */
  private readonly removedWhileLoading = new Set<string>();
  private closed = false;
  private failed = false;

  constructor(
    private readonly store: MemoryStore,
    private readonly space: VectorSpace<unknown> | undefined,
    private readonly logger: Logger,
  ) {
    this.index = space?.createIndex();
    this.loaded = !space;
  }

  /**
   * Starts loading the index in the background and returns at once: until it is loaded, search
   * ranks by words only (the vector side would see a part of the milestones). A failed load is
   * logged and leaves search on words.
   */
  startInBackground(): void {
    this.start().catch((error: unknown) => {
      if (this.closed) return;
      this.failed = true;
      this.logger.error({ err: error }, 'memory search: loading the vector index failed; ranking by words only');
    });
  }

  /** Resolves when no load is running (at once when none is), whether it succeeded or not. */
  async whenLoaded(): Promise<void> {
    await this.loading?.catch(() => undefined);
  }

  /** Loads the index (also again, after a cluster bus outage); resolves when it is loaded. */
  start(): Promise<void> {
    if (!this.loading) {
      this.failed = false;
      this.loading = this.load().finally(() => {
        this.loading = undefined;
        this.removedWhileLoading.clear();
      });
    }
    return this.loading;
  }

  /**
   * 'ok' once the vector index is loaded; until then 'loading', and 'failed' when its load failed
   * (search ranks by words in both); 'words only' without an embedder.
   */
  state(): 'ok' | 'loading' | 'failed' | 'words only' {
    if (!this.space) return 'words only';
    return this.loaded ? 'ok' : this.failed ? 'failed' : 'loading';
  }

  /** Stops a running load (between batches) and waits for it. */
  async close(): Promise<void> {
    this.closed = true;
    await this.loading?.catch(() => undefined);
  }

  /** Loads stored embeddings and embeds milestones that have none from this embedder. */
  private async load(): Promise<void> {
    if (!this.space) return;
    // In pages, so no one statement holds a connection long (or meets the statement timeout), and
    // in time slices, so requests (/ready) are answered meanwhile.
    const slices = new TimeSlices();
    for (let after = 0; !this.closed; ) {
      const rows = await this.store.listEmbeddings(this.space.id, { after, limit: LOAD_PAGE });
      for (const row of rows) {
        if (slices.due) await slices.yieldTurn();
        if (this.removedWhileLoading.has(row.milestoneId)) continue;
        const vector = this.space.deserialize(row.vector);
        if (vector !== undefined) this.add(row.milestoneId, { ...row, vector });
      }
      if (rows.length < LOAD_PAGE) break;
      after = rows[rows.length - 1]!.position;
    }
    while (!this.closed) {
      const missing = await this.store.listUnembedded(this.space.id, BACKFILL_BATCH);
      if (missing.length === 0 || !(await this.embedAll(missing))) break;
      if (missing.length < BACKFILL_BATCH) break;
    }
    this.loaded = true;
  }

  /** Embeds and indexes a new milestone; a failing embedder leaves it findable by words only. */
  async indexMilestone(milestone: MilestoneRecord): Promise<void> {
    if (this.space) await this.embedAll([milestone]);
  }

  /** Told of each milestone this instance embeds and of removals made through it (for other instances). */
  onIndexed(listener: (row: IndexedMilestoneVector) => void): void {
    this.indexedListeners.push(listener);
  }

  onRemoved(listener: (milestoneIds: string[]) => void): void {
    this.removedListeners.push(listener);
  }

  /** Indexes a milestone another instance embedded (it is already in the shared store). */
  applyShared(row: IndexedMilestoneVector): void {
    if (!this.space || row.spaceId !== this.space.id) return;
    const vector = this.space.deserialize(row.vector);
    if (vector !== undefined) this.add(row.milestoneId, { ...row, vector });
  }

  /** Forgets milestones removed through this instance; `shared` when told by another one. */
  remove(milestoneIds: string[], shared = false): void {
    if (!shared && milestoneIds.length > 0) for (const listener of this.removedListeners) listener(milestoneIds);
    for (const id of milestoneIds) {
      if (this.loading) this.removedWhileLoading.add(id);
      const where = this.indexed.get(id);
      this.ownVectors.delete(id);
      if (!where) continue;
      this.index?.remove(id);
      this.indexed.delete(id);
      const projects = this.projectsByTenant.get(where.tenantId);
      const left = (projects?.get(where.projectId) ?? 1) - 1;
      if (left > 0) projects!.set(where.projectId, left);
      else projects?.delete(where.projectId);
    }
  }

  /**
   * Milestone ids, most relevant first: the union of the lexical and the vector top-N, fused. The
   * lexical side goes first, because its candidates (scored with their stored vectors) set the
   * bar a vector-only candidate must clear to make the results, which lets the vector index skip
   * most of a large partition; the results are the same as without that bar.
   */
  async search(request: MilestoneSearchRequest): Promise<MilestoneSearchHit[]> {
    const depth = candidateDepth(request.limit);
    const [lexical, query] = await Promise.all([
      this.store.searchLexical(request.tenantId, request.query, {
        ...(request.projectIds ? { projectIds: request.projectIds } : {}),
        limit: depth,
      }),
      this.embedQuery(request.query),
    ]);
    const relevance = normaliseLexical(lexical.map((hit) => hit.score));
    const names = agentMentionTest(request.query);
    const candidates = new Map<string, Candidate>();
    lexical.forEach((hit, i) => {
      const cosine = query === undefined ? 0 : this.similarityTo(query, hit.milestoneId);
      candidates.set(hit.milestoneId, { id: hit.milestoneId, lexical: relevance[i]!, cosine, named: names(hit.agentId), createdAt: hit.createdAt });
    });
    if (query !== undefined) {
      const bar = fuseScores([...candidates.values()])[request.limit - 1]?.score ?? 0;
      for (const n of this.nearestVectors(request, query, depth, Math.max(MIN_VECTOR_SIMILARITY, bar / VECTOR_WEIGHT))) {
        if (candidates.has(n.id)) continue;
        candidates.set(n.id, { id: n.id, lexical: 0, cosine: n.similarity, named: false, createdAt: this.indexed.get(n.id)?.createdAt ?? '' });
      }
    }
    return fuseScores([...candidates.values()])
      .slice(0, request.limit)
      .map((result) => ({ milestoneId: result.id, score: result.score, lexical: result.lexical, cosine: result.cosine }));
  }

  private similarityTo(query: unknown, milestoneId: string): number {
    if (this.index?.similarityTo) return this.index.similarityTo(milestoneId, query) ?? 0;
    const indexed = this.indexed.get(milestoneId);
    return indexed ? this.space!.similarity(query, indexed.vector) : 0;
  }

  /** Undefined without an embedder, or when it fails. */
  private async embedQuery(text: string): Promise<unknown> {
    if (!this.space || !this.loaded || this.indexed.size === 0) return undefined;
    try {
      return (await this.space.embed([text]))[0];
    } catch (error) {
      this.logger.warn({ err: error }, 'milestone search: embedder failed; ranking by words only');
      return undefined;
    }
  }

  /** The `depth` nearest milestones of the searched projects at or above `floor` (none when it is above 1). */
  private nearestVectors(request: MilestoneSearchRequest, query: unknown, depth: number, floor: number): Array<{ id: string; similarity: number }> {
    if (floor > 1) return [];
    const projects = request.projectIds ?? [...(this.projectsByTenant.get(request.tenantId)?.keys() ?? [])];
    return projects
      .flatMap((projectId) => this.index!.nearest(partitionOf(request.tenantId, projectId), query, depth, floor))
      .filter((n) => n.similarity >= MIN_VECTOR_SIMILARITY)
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, depth);
  }

  /**
   * Embeds each milestone with its branch's previous milestones, stores and indexes the mixed
   * vector. True when the embedder answered.
   */
  private async embedAll(milestones: MilestoneRecord[]): Promise<boolean> {
    const space = this.space!;
    const contexts: MilestoneRecord[][] = [];
    for (const m of milestones) {
      const before = await this.store.listPrecedingMilestones(m.tenantId, m.projectId, m.branchName, m.sequenceNumber, CONTEXT_VECTOR_WEIGHTS.length - 1);
      contexts.push([m, ...before]);
    }
    const missing = new Map<string, MilestoneRecord>();
    for (const m of contexts.flat()) if (!this.ownVectors.has(m.milestoneId)) missing.set(m.milestoneId, m);
    let vectors: unknown[];
    try {
      vectors = await space.embed([...missing.values()].map(embeddingTextOf));
    } catch (error) {
      this.logger.warn({ err: error, count: milestones.length }, 'milestone search: embedder failed; milestones stay findable by words');
      return false;
    }
    const fresh = new Map([...missing.keys()].map((id, i) => [id, vectors[i]]));
    const ownOf = (m: MilestoneRecord) => (fresh.has(m.milestoneId) ? fresh.get(m.milestoneId) : this.ownVectors.get(m.milestoneId));
    for (const context of contexts) {
      const milestone = context[0]!;
      const mixed = mixContextVectors(context.map(ownOf), CONTEXT_VECTOR_WEIGHTS);
      const stored = space.serialize(mixed);
      await this.store.putEmbedding(milestone.tenantId, milestone.milestoneId, space.id, stored);
      this.add(milestone.milestoneId, { ...milestone, vector: mixed });
      const { tenantId, projectId, milestoneId, createdAt } = milestone;
      for (const listener of this.indexedListeners) listener({ tenantId, projectId, milestoneId, createdAt, spaceId: space.id, vector: stored });
      this.remember(milestone.milestoneId, ownOf(milestone));
    }
    return true;
  }

  /** Keeps a milestone's own embedding for the next milestones of its branch (oldest forgotten first). */
  private remember(milestoneId: string, vector: unknown): void {
    this.ownVectors.set(milestoneId, vector);
    if (this.ownVectors.size > RECENT_OWN_VECTORS) this.ownVectors.delete(this.ownVectors.keys().next().value!);
  }

  private add(milestoneId: string, entry: IndexedMilestone): void {
    if (this.indexed.has(milestoneId)) return;
    const { tenantId, projectId, createdAt, vector } = entry;
    this.index!.add(milestoneId, partitionOf(tenantId, projectId), vector);
    // The index keeps the vector; a second copy only where it cannot score it (about 2 KB a milestone).
    this.indexed.set(milestoneId, this.index!.similarityTo ? { tenantId, projectId, createdAt } : { tenantId, projectId, createdAt, vector });
    let projects = this.projectsByTenant.get(tenantId);
    if (!projects) this.projectsByTenant.set(tenantId, (projects = new Map()));
    projects.set(projectId, (projects.get(projectId) ?? 0) + 1);
  }
}

function partitionOf(tenantId: string, projectId: string): string {
  return `${tenantId}\u0000${projectId}`;
}
