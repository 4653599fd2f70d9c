import type { Paper } from '../core/paper.js';
import type { Follow } from '../state/follow.js';
import { answer } from './answer.js';
import { followMatches } from './follow-matches.js';
import type { PaperIndex, SearchOptions } from './paper-index.js';
import { resolvePaper, similarPapers } from './similar.js';

/**
 * The CPU-heavy reads of the index, by name. The same functions run in this thread (a small library) or in a
 * search worker (a large one), so a result is the same wherever it was computed.
 */
export const searchTasks = {
  search: (index: PaperIndex, text: string, options?: SearchOptions) => index.search(text, options),
  answer: (index: PaperIndex, question: string) => answer(index, question),
  similar: (index: PaperIndex, paper: Paper, options?: Omit<SearchOptions, 'exclude'>) =>
    similarPapers(index, paper, options),
  resolve: (index: PaperIndex, text: string) => resolvePaper(index, text),
  follow: (index: PaperIndex, follow: Follow, depth: number, snippets: boolean) =>
    followMatches(index, follow, depth, snippets),
};

export type SearchTasks = typeof searchTasks;
export type TaskName = keyof SearchTasks;
export type TaskArgs<K extends TaskName> = SearchTasks[K] extends (index: PaperIndex, ...args: infer A) => unknown
  ? A
  : never;
export type TaskResult<K extends TaskName> = ReturnType<SearchTasks[K]>;

/** Runs a task of the table, wherever the runner computes it. */
export type RunSearch = <K extends TaskName>(task: K, ...args: TaskArgs<K>) => Promise<TaskResult<K>>;

/** What a search worker is sent: plain data, copied between threads. */
export interface SearchRequest {
  readonly task: TaskName;
  readonly args: readonly unknown[];
}

/** Runs a request on an index (in a worker, or in this thread). */
export const runTask = (index: PaperIndex, { task, args }: SearchRequest): unknown =>
  (searchTasks[task] as (index: PaperIndex, ...args: readonly unknown[]) => unknown)(index, ...args);
