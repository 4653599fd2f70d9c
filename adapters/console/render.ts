import { citedPapers } from '../../src/search/answer.js';
import { PAGE_SIZE } from '../../src/commands/table.js';
import type { Paper } from '../../src/core/paper.js';
import type { Reply, RichText } from '../../src/core/reply.js';
import type { SearchHit } from '../../src/search/paper-index.js';
import type { Snippet } from '../../src/search/snippet.js';

/** How matched words and titles stand out: ANSI bold on a terminal, nothing when piped. */
export interface Style {
  strong(text: string): string;
  dim(text: string): string;
}

export const plainStyle: Style = { strong: (t) => t, dim: (t) => t };
export const ansiStyle: Style = { strong: (t) => `\x1b[1m${t}\x1b[22m`, dim: (t) => `\x1b[2m${t}\x1b[22m` };

// Text from outside (queries, titles, abstracts) may carry terminal escape sequences; they are never printed.
const safe = (text: string) => text.replace(/[\p{Cc}\p{Cf}]/gu, ' ');

const rich = (text: RichText) => text.map((part) => (typeof part === 'string' ? part : `“${safe(part.untrusted)}”`)).join('');

export function renderSnippet(snippet: Snippet, style: Style): string {
  let out = '';
  let at = 0;
  for (const [start, end] of snippet.marks) {
    out += safe(snippet.text.slice(at, start)) + style.strong(safe(snippet.text.slice(start, end)));
    at = end;
  }
  return out + safe(snippet.text.slice(at));
}

/** The best link to a paper: its own page, else its code, else its project page. */
export function primaryLink(paper: Paper): string | undefined {
  return paper.links.abstract ?? paper.links.code?.[0] ?? paper.links.project?.[0];
}

function linkLine(paper: Paper): string {
  const parts = [`id: ${paper.id}`];
  if (paper.links.abstract) parts.push(`page: ${paper.links.abstract}`);
  if (paper.links.pdf) parts.push(`pdf: ${paper.links.pdf}`);
  for (const url of paper.links.code ?? []) parts.push(`code: ${url}`);
  for (const url of paper.links.project ?? []) parts.push(`project: ${url}`);
  return parts.join(' · ');
}

/** Authors and date, where known. */
const byline = (paper: Paper) => [paper.authors?.join(', '), paper.published].filter(Boolean).join(' · ');

export function renderHit(hit: SearchHit, position: number, style: Style): string {
  return [
    `${position}. ${style.strong(safe(hit.paper.title))}`,
    ...(byline(hit.paper) ? [`   ${safe(byline(hit.paper))}`] : []),
    `   ${renderSnippet(hit.snippet, style)}`,
    `   ${style.dim(linkLine(hit.paper))}`,
  ].join('\n');
}

/** A reply as terminal text; the next page is reached with /more (the console's Next button). */
export function renderReply(reply: Reply, style: Style): string {
  switch (reply.kind) {
    case 'papers': {
      const first = (reply.page - 1) * PAGE_SIZE + 1;
      const header = `${rich(reply.heading)} · page ${reply.page} of ${reply.pageCount} (${reply.total} paper${reply.total === 1 ? '' : 's'})`;
      return [
        style.strong(header),
        ...(reply.correctedQuery ? [`Showing results for “${safe(reply.correctedQuery)}”.`] : []),
        '',
        reply.hits.map((hit, i) => renderHit(hit, first + i, style)).join('\n\n'),
        ...(reply.next ? ['', style.dim('More: /more')] : []),
      ].join('\n');
    }
    case 'answer': {
      const cited = citedPapers(reply.citations);
      const number = (paper: Paper) => cited.indexOf(paper) + 1;
      return [
        ...reply.citations.map((c) => `${safe(c.text)} [${number(c.paper)}]`),
        '',
        ...cited.map((paper, i) => `[${i + 1}] ${style.strong(safe(paper.title))}${primaryLink(paper) ? ` — ${primaryLink(paper)}` : ''} ${style.dim(`(id: ${paper.id})`)}`),
      ].join('\n');
    }
    case 'no-answer':
      return [
        'I could not find an answer to that in the abstracts.',
        ...(reply.closest.length
          ? ['The closest papers:', ...reply.closest.map((paper) => `- ${style.strong(safe(paper.title))} ${style.dim(`(id: ${paper.id})`)}`)]
          : ['No paper comes close either; try /paper with a few keywords.']),
      ].join('\n');
    case 'daily':
      return [
        style.strong(`📄 Today's paper${reply.topic ? ` · because you follow “${safe(reply.topic)}”` : ''}${reply.archive ? ' · from the archive' : ''}`),
        style.strong(safe(reply.paper.title)),
        ...(byline(reply.paper) ? [safe(byline(reply.paper))] : []),
        safe(reply.abstract),
        style.dim(linkLine(reply.paper)),
        style.dim(`More like this: /paper similar ${reply.paper.id}`),
      ].join('\n');
    case 'notice':
      return rich(reply.text);
    case 'error':
      return [`✗ ${rich(reply.text)}`, ...(reply.usage ? [`Usage: ${reply.usage.usage}`] : [])].join('\n');
    case 'help': {
      const width = Math.max(...reply.commands.map((c) => c.usage.length));
      return [...(reply.intro ? [`✗ ${rich(reply.intro)}`, ''] : []), 'Commands:', ...reply.commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.description}`)].join('\n');
    }
  }
}
