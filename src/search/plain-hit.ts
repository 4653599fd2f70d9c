import type { Paper } from '../core/paper.js';
import type { SearchHit } from './paper-index.js';
import { bestSnippet } from './snippet.js';

/** A paper listed for itself rather than for a query (the newest papers, a paper named by id): its first sentence. */
export const plainHit = (paper: Paper): SearchHit => ({
  paper,
  score: 0,
  snippet: bestSnippet(paper.abstract, () => undefined),
});
