// The local spool of milestones a hook could not store: one file per milestone in a directory
// per gateway URL (0700, files 0600), as a maildir keeps mail. A deliverer claims an entry by
// renaming it (only one rename wins), so concurrent hook runs never deliver one entry twice or
// lose one; a claim left by a process that died is taken over after a minute. The server's
// idempotency key makes even that takeover deliver exactly once.
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { normalizeGatewayUrl } from '../../sdk/token-cache.js';
import { writePrivateFile } from '../../sdk/private-files.js';
import { parseSpoolEntry, type SpoolEntry } from './spool-entry.js';

/** A claim older than this belongs to a process that died (a hook lives 2 s, a sync call 10 s). */
export const STALE_CLAIM_MS = 60_000;

const PENDING = /^(\d{13})-([\w.-]+)\.json$/;
const REJECTED = /^(\d{13})-([\w.-]+)\.rejected\.json$/;
const CLAIMED = /^(\d{13})-([\w.-]+)\.claim-(\d{13})-\d+-[0-9a-f]+$/;

export interface SpoolFile {
  /** The file's name in the spool directory. */
  name: string;
  /** `<spooled at>-<idempotency key>`, shared by every state of one entry. */
  base: string;
  spooledAtMs: number;
  state: 'pending' | 'rejected' | 'claimed';
  /** For claimed files: when they were claimed. */
  claimedAtMs?: number;
}

export interface Claim {
  base: string;
  path: string;
  entry: SpoolEntry;
}

export interface RejectedEntry extends SpoolEntry {
  rejectedAt: string;
  reason: string;
}

export class MilestoneSpool {
  constructor(
    readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The spool of one gateway: `<cacheDir>/spool/<host>_<port>-<hash>`. */
  static forGateway(cacheDir: string, gatewayUrl: string, now?: () => number): MilestoneSpool {
    const url = normalizeGatewayUrl(gatewayUrl);
    const readable = url.replace(/^\w+:\/\//, '').replace(/[^\w.-]+/g, '_').slice(0, 60);
    const hash = createHash('sha256').update(url).digest('hex').slice(0, 10);
    return new MilestoneSpool(join(cacheDir, 'spool', `${readable}-${hash}`), now);
  }

  /** Adds an entry (written whole, then renamed into place). */
  async add(entry: SpoolEntry): Promise<void> {
    await writePrivateFile(join(this.dir, `${baseOf(entry)}.json`), JSON.stringify(entry) + '\n');
  }

  /** Every entry file, oldest first; none when the spool was never used. */
  async files(): Promise<SpoolFile[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names.flatMap((name) => fileOf(name) ?? []).sort((a, b) => a.spooledAtMs - b.spooledAtMs || a.name.localeCompare(b.name));
  }

  /** Entries a deliverer may take: pending ones, stale claims, and (for `synapse sync`) rejected ones. */
  async deliverable(options: { includeRejected?: boolean } = {}): Promise<SpoolFile[]> {
    const now = this.now();
    return (await this.files()).filter(
      (file) =>
        file.state === 'pending' ||
        (file.state === 'rejected' && options.includeRejected) ||
        (file.state === 'claimed' && now - file.claimedAtMs! > STALE_CLAIM_MS),
    );
  }

  /**
   * Entries another process has claimed and is delivering now (claims that are not stale): of
   * `files` when given (one listing for a whole summary: two would disagree while others deliver).
   */
  async inFlight(files?: SpoolFile[]): Promise<SpoolFile[]> {
    const now = this.now();
    return (files ?? (await this.files())).filter((file) => file.state === 'claimed' && now - file.claimedAtMs! <= STALE_CLAIM_MS);
  }

  /** Takes the entry for this process; undefined when another process took it first. */
  async claim(file: SpoolFile): Promise<Claim | undefined> {
    const path = join(this.dir, `${file.base}.claim-${this.now()}-${process.pid}-${Math.random().toString(16).slice(2, 10)}`);
    try {
      await rename(join(this.dir, file.name), path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return { base: file.base, path, entry: parseSpoolEntry(await readFile(path, 'utf8')) };
    } catch {
      // Written whole and renamed, so only something else can have damaged it: set it aside as it is.
      await rename(path, join(this.dir, `${file.base}.rejected.json`)).catch(ignoreMissing);
      return undefined;
    }
  }

  /** Delivered: the entry is gone. */
  async complete(claim: Claim): Promise<void> {
    await rm(claim.path, { force: true });
  }

  /** Not delivered: the entry waits again (unless a process took the claim over meanwhile). */
  async release(claim: Claim): Promise<void> {
    await rename(claim.path, join(this.dir, `${claim.base}.json`)).catch(ignoreMissing);
  }

  /** The gateway refused it for good (400, 403, 409...): kept aside with the reason, retried only by `synapse sync`. */
  async reject(claim: Claim, reason: string): Promise<void> {
    await this.addRejected(claim.entry, reason);
    await rm(claim.path, { force: true });
  }

  /** Keeps a milestone the gateway refused aside, with the reason. */
  async addRejected(entry: SpoolEntry, reason: string): Promise<void> {
    const rejected: RejectedEntry = { ...entry, rejectedAt: new Date(this.now()).toISOString(), reason };
    await writePrivateFile(join(this.dir, `${baseOf(entry)}.rejected.json`), JSON.stringify(rejected) + '\n');
  }

  /** The entry in a file (pending, rejected or claimed), or undefined if it is gone or unreadable. */
  async read(file: SpoolFile): Promise<(SpoolEntry & Partial<RejectedEntry>) | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir, file.name), 'utf8')) as SpoolEntry & Partial<RejectedEntry>;
    } catch {
      return undefined;
    }
  }
}

function baseOf(entry: SpoolEntry): string {
  return `${String(Date.parse(entry.spooledAt)).padStart(13, '0')}-${entry.idempotencyKey}`;
}

function fileOf(name: string): SpoolFile | undefined {
  const rejected = REJECTED.exec(name); // before PENDING, which would match it too
  if (rejected) return { name, base: `${rejected[1]}-${rejected[2]}`, spooledAtMs: Number(rejected[1]), state: 'rejected' };
  const pending = PENDING.exec(name);
  if (pending) return { name, base: `${pending[1]}-${pending[2]}`, spooledAtMs: Number(pending[1]), state: 'pending' };
  const claimed = CLAIMED.exec(name);
  if (claimed) {
    return { name, base: `${claimed[1]}-${claimed[2]}`, spooledAtMs: Number(claimed[1]), state: 'claimed', claimedAtMs: Number(claimed[3]) };
  }
  return undefined; // temporary files of writes in progress, and anything else
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
