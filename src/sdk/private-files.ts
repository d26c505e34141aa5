// Files only the user may read (tokens, spooled milestones): directories 0700, files 0600, each
// written whole to a temporary name and renamed into place, so a reader never sees half a file
// and concurrent writers never interleave.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Creates the directory (and missing parents) for the user alone. An existing directory is left
 * as it is: the path may be one the user chose (SYNAPSE_CACHE_DIR=/tmp must not close /tmp).
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/** Writes `text` to `path` atomically with mode 0600, creating the directory first. */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  await ensurePrivateDir(dirname(path));
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
