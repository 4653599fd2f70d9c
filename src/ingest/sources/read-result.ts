import type { Paper } from '../../core/paper.js';

/** A paper a source delivered, and whether it may add a new paper or only update one already known. */
export interface Entry {
  readonly paper: Paper;
  /** arXiv RSS `replace` items: a new version of a paper we may already have; never a new paper. */
  readonly updateOnly: boolean;
}

/** A record the reader could not turn into a paper, with where it was (line number or entry) and why. */
export interface Rejected {
  readonly where: string;
  readonly reason: string;
}

export interface ReadResult {
  readonly entries: Entry[];
  readonly rejected: Rejected[];
}

/**
 * The source answered with an error instead of papers (arXiv's Atom error entry, an RSS error feed, an HTML
 * error page, a truncated download). Never papers; the message says what the source said.
 */
export class FeedError extends Error {
  override readonly name = 'FeedError';
}
