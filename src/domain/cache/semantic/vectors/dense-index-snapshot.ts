// The HNSW graphs of a dense index written next to the database, so a restart reads them back
// instead of rebuilding them (about a millisecond per entry). A snapshot is one directory per
// write (a generation) holding a file per graph, and manifest.json naming the generation, the
// embedder, the dimensions, the graphs' links, each graph's size and SHA-256 and which entry each
// label stands for. The graphs are written and flushed first, then the manifest under a temporary
// name renamed over the old one, so a crash leaves the previous snapshot whole; older generations
// are deleted after. Reading checks all of it and refuses (with the reason) anything that differs.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphLabels } from './hnsw-partition.js';

const FORMAT = 1;
const MANIFEST = 'manifest.json';

/** What a snapshot must have been written with to be read back. */
export interface SnapshotIdentity {
  embedderId: string;
  dimensions: number;
  /** The graphs' M and efConstruction. */
  links: number;
  buildEf: number;
}

interface ManifestGraph extends GraphLabels {
  partition: string;
  file: string;
  bytes: number;
  sha256: string;
}

interface Manifest extends SnapshotIdentity {
  format: number;
  generation: string;
  writtenAt: number;
  graphs: ManifestGraph[];
}

/** A graph to write: `save` writes it to the file and says which entry each label stands for. */
export interface GraphToWrite {
  partition: string;
  save(file: string): Promise<GraphLabels>;
}

export interface GraphToRead extends GraphLabels {
  partition: string;
  file: string;
}

export class DenseIndexSnapshot {
  constructor(
    private readonly dir: string,
    private readonly identity: SnapshotIdentity,
  ) {}

  async write(graphs: GraphToWrite[]): Promise<void> {
    const generation = `${Date.now()}-${process.pid}-${randomBytes(4).toString('hex')}`;
    const at = join(this.dir, generation);
    mkdirSync(at, { recursive: true });
    // Every graph starts writing now (worker threads), so the snapshot is of this moment.
    const saved = await Promise.all(graphs.map((graph, n) => graph.save(join(at, `graph-${n}.hnsw`))));
    const written: ManifestGraph[] = [];
    for (const [n, graph] of graphs.entries()) {
      const file = `graph-${n}.hnsw`;
      const labels = saved[n]!;
      await flush(join(at, file));
      const { size } = await stat(join(at, file));
      written.push({ partition: graph.partition, file, bytes: size, sha256: await sha256Of(join(at, file)), ...labels });
    }
    const manifest: Manifest = { format: FORMAT, ...this.identity, generation, writtenAt: Date.now(), graphs: written };
    const temporary = join(this.dir, `${MANIFEST}.${generation}.tmp`);
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(JSON.stringify(manifest));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, join(this.dir, MANIFEST));
    await flush(this.dir);
    for (const name of await readdir(this.dir)) {
      if (name !== generation && name !== MANIFEST) await rm(join(this.dir, name), { recursive: true, force: true });
    }
  }

  /**
   * The graphs of the last snapshot and their dimensions; undefined when there is none; throws
   * when it cannot be used. Dimensions of 0 in the identity accept any (not known before the
   * first embedding).
   */
  async read(): Promise<{ dimensions: number; graphs: GraphToRead[] } | undefined> {
    let text: string;
    try {
      text = await readFile(join(this.dir, MANIFEST), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const manifest = JSON.parse(text) as Manifest;
    if (manifest.format !== FORMAT) throw new Error(`snapshot format ${manifest.format}, expected ${FORMAT}`);
    for (const key of ['embedderId', 'dimensions', 'links', 'buildEf'] as const) {
      if (key === 'dimensions' && this.identity.dimensions === 0) continue;
      if (manifest[key] !== this.identity[key]) throw new Error(`snapshot ${key} is ${manifest[key]}, expected ${this.identity[key]}`);
    }
    const graphs: GraphToRead[] = [];
    for (const graph of manifest.graphs) {
      const file = join(this.dir, manifest.generation, graph.file);
      const { size } = await stat(file);
      if (size !== graph.bytes) throw new Error(`${graph.file} has ${size} bytes, expected ${graph.bytes}`);
      if ((await sha256Of(file)) !== graph.sha256) throw new Error(`${graph.file} does not match its checksum`);
      graphs.push({ partition: graph.partition, file, labels: graph.labels, ids: graph.ids });
    }
    return { dimensions: manifest.dimensions, graphs };
  }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Flushes a file or directory to disk. */
async function flush(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
