import type { Paper } from '../core/paper.js';
import { arxivIdOf } from '../core/paper-ref.js';
import type { Feeds } from '../ingest/feeds.js';
import type { PaperIndex } from '../search/paper-index.js';
import { resolvePaper } from '../search/similar.js';

/** The paper a person named, or why there is none. */
export type FoundPaper =
  | { readonly status: 'found'; readonly paper: Paper }
  /** An arXiv id or link that arXiv does not know (or that cannot be checked: this process is offline). */
  | { readonly status: 'unknown-id'; readonly id: string; readonly offline: boolean }
  | { readonly status: 'unreachable'; readonly id: string; readonly reason: string }
  | { readonly status: 'none' };

/**
 * Finds the paper meant by an arXiv id or link (fetched by id when the library lacks it and this process is
 * online), or else by its title or words from it.
 */
export async function findPaper(
  index: PaperIndex,
  feeds: Feeds | undefined,
  text: string,
  resolve: (text: string) => Promise<Paper | undefined> = async (typed) => resolvePaper(index, typed),
): Promise<FoundPaper> {
  const id = arxivIdOf(text);
  if (!id) {
    const paper = await resolve(text);
    return paper ? { status: 'found', paper } : { status: 'none' };
  }
  const known = index.get(id);
  if (known) return { status: 'found', paper: known };
  if (!feeds) return { status: 'unknown-id', id, offline: true };
  try {
    const fetched = await feeds.fetchPaper(id);
    return fetched ? { status: 'found', paper: fetched } : { status: 'unknown-id', id, offline: false };
  } catch (error) {
    return { status: 'unreachable', id, reason: (error as Error).message };
  }
}
