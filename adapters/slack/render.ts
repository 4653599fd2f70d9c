import type { types } from '@slack/bolt';
import { type Citation, citedPapers } from '../../src/search/answer.js';
import type { Paper } from '../../src/core/paper.js';
import { type Action, type CommandUsage, isPrivate, type Reply, type RichText } from '../../src/core/reply.js';
import type { SearchHit } from '../../src/search/paper-index.js';
import type { Snippet } from '../../src/search/snippet.js';

/** Slack's Block Kit limits, in one place. */
export const LIMITS = { sectionText: 3000, headerText: 150, contextText: 3000, blocks: 50, buttonValue: 2000, fallbackText: 3000 };

export type Block = types.KnownBlock;

export interface SlackMessage {
  /** The notification / screen-reader text that goes with the blocks. */
  readonly text: string;
  readonly blocks: Block[];
  /** Errors and help go to the asker only. */
  readonly ephemeral: boolean;
}

/** Slack's only control characters in message text: escaped, a query can never become <!channel> or <@U…>. */
export const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Cuts mrkdwn that may hold `&amp;`-style escapes without splitting one in half. */
function truncateEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).replace(/&[a-z]{0,4}$/, '').trimEnd()}…`;
}

const rich = (text: RichText) => text.map((part) => (typeof part === 'string' ? escapeText(part) : `“${escapeText(part.untrusted)}”`)).join('');
const link = (url: string, label: string) => `<${url}|${escapeText(label).replace(/\|/g, '¦')}>`;
const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: truncateEscaped(text, LIMITS.sectionText) } });
const context = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text: truncateEscaped(text, LIMITS.contextText) }] });

export function renderSnippet(snippet: Snippet): string {
  let out = '';
  let at = 0;
  for (const [start, end] of snippet.marks) {
    out += `${escapeText(snippet.text.slice(at, start))}*${escapeText(snippet.text.slice(start, end))}*`;
    at = end;
  }
  return out + escapeText(snippet.text.slice(at));
}

export const paperUrl = (paper: Paper) => paper.links.abstract ?? paper.links.code?.[0] ?? paper.links.project?.[0];

function paperBlocks(hit: SearchHit): Block[] {
  const { paper } = hit;
  const url = paperUrl(paper);
  const title = url ? `*${link(url, paper.title)}*` : `*${escapeText(paper.title)}*`;
  const facts = [
    ...(paper.authors?.length ? [escapeText(truncate(paper.authors.join(', '), 300))] : []),
    ...(paper.published ? [paper.published] : []),
    ...(paper.links.pdf ? [link(paper.links.pdf, 'PDF')] : []),
    ...(paper.links.code ?? []).map((u) => link(u, 'Code')),
    ...(paper.links.project ?? []).map((u) => link(u, 'Project page')),
    `id: ${escapeText(paper.id)}`,
  ];
  return [section(`${title}\n${renderSnippet(hit.snippet)}`), context(facts.join(' · '))];
}

const button = (text: string, actionId: string, action: Action) => ({
  type: 'button' as const, text: { type: 'plain_text' as const, text, emoji: true }, action_id: actionId, value: truncate(JSON.stringify(action), LIMITS.buttonValue),
});

function pageButtons(reply: Extract<Reply, { kind: 'papers' }>): Block[] {
  const elements = [
    ...(reply.prev ? [button('◀ Prev', 'pb_prev', reply.prev)] : []),
    ...(reply.next ? [button('Next ▶', 'pb_next', reply.next)] : []),
  ];
  return elements.length ? [{ type: 'actions' as const, elements }] : [];
}

function citationBlocks(citations: readonly Citation[]): Block[] {
  const papers = citedPapers(citations);
  const ref = (paper: Paper) => {
    const n = papers.indexOf(paper) + 1;
    const url = paperUrl(paper);
    return url ? link(url, `[${n}]`) : `[${n}]`;
  };
  return [
    section(citations.map((c) => `${escapeText(c.text)} ${ref(c.paper)}`).join('\n')),
    context(papers.map((paper, i) => {
      const url = paperUrl(paper);
      return `${i + 1}. ${url ? link(url, paper.title) : escapeText(paper.title)}`;
    }).join('\n')),
  ];
}

/** A command as typed on Slack, where everything goes through the one `/paper` command. */
export const slackUsage = (usage: CommandUsage) =>
  `\`${['/paper', ...(usage.name === 'paper' ? [] : [usage.name]), usage.hint ?? usage.arguments.map((a) => `<${a}>`).join(' ')].filter(Boolean).join(' ')}\``;

/** A core reply as Block Kit: results for the channel, errors and help for the asker only. */
export function renderReply(reply: Reply): SlackMessage {
  const { text, blocks } = renderBody(reply);
  return { text: truncate(text, LIMITS.fallbackText), blocks: blocks.slice(0, LIMITS.blocks), ephemeral: isPrivate(reply) };
}

const plainText = (text: RichText) => text.map((part) => (typeof part === 'string' ? part : `“${part.untrusted}”`)).join('');

function renderBody(reply: Reply): { text: string; blocks: Block[] } {
  switch (reply.kind) {
    case 'papers': {
      const heading = plainText(reply.heading);
      const status = `Page ${reply.page} of ${reply.pageCount} · ${reply.total} paper${reply.total === 1 ? '' : 's'}` +
        (reply.correctedQuery ? ` · showing results for “${escapeText(reply.correctedQuery)}”` : '');
      return {
        text: escapeText(heading),
        blocks: [
          // Slack asks for &, <, > escaped in every text field, plain_text included.
          { type: 'header', text: { type: 'plain_text', text: truncateEscaped(escapeText(heading), LIMITS.headerText) } },
          context(status),
          ...reply.hits.flatMap((hit): Block[] => [...paperBlocks(hit), { type: 'divider' }]),
          ...pageButtons(reply),
        ],
      };
    }
    case 'answer':
      return {
        text: escapeText(`Answer to “${reply.question}”`),
        blocks: [context(`Answer to “${escapeText(reply.question)}”`), ...citationBlocks(reply.citations)],
      };
    case 'no-answer': {
      const closest = reply.closest.map((paper) => {
        const url = paperUrl(paper);
        return `• ${url ? link(url, paper.title) : escapeText(paper.title)}`;
      });
      const text = [`I could not find an answer to “${escapeText(reply.question)}” in the abstracts.`,
        ...(closest.length ? ['The closest papers:', ...closest] : ['No paper comes close either; try `/paper` with a few keywords.'])].join('\n');
      return { text: truncate(text, LIMITS.fallbackText), blocks: [section(text)] };
    }
    case 'daily': {
      const because = `:page_facing_up: *Today's paper*${reply.topic ? ` · Because you follow _${escapeText(reply.topic)}_` : ''}${reply.archive ? ' · from the archive' : ''}`;
      return {
        text: escapeText(`Today's paper: ${reply.paper.title}`),
        blocks: [
          context(because),
          ...paperBlocks({ paper: reply.paper, score: 0, snippet: { text: reply.abstract, marks: [] } }),
          { type: 'actions', elements: [button('More like this', 'pb_more', reply.more), button('👍', 'pb_up', reply.up), button('👎', 'pb_down', reply.down)] },
        ],
      };
    }
    case 'notice':
      return { text: rich(reply.text), blocks: [section(rich(reply.text))] };
    case 'error': {
      const text = `:warning: ${rich(reply.text)}${reply.usage ? `\nUsage: ${slackUsage(reply.usage)}` : ''}`;
      return { text, blocks: [section(text)] };
    }
    case 'help': {
      const lines = reply.commands.map((c) => `${slackUsage(c)}  ${escapeText(c.description)}`);
      const intro = reply.intro ? `:warning: ${rich(reply.intro)}\n` : '';
      return { text: `${intro}paperbot commands`, blocks: [section(`${intro}*paperbot commands*\n${lines.join('\n')}`)] };
    }
  }
}
