import { consoleChannel } from '../adapters/console/chat.js';
import { ansiStyle, plainStyle, renderHit, renderReply } from '../adapters/console/render.js';
import type { Command } from '../src/commands/command.js';
import { runCommand } from '../src/commands/dispatch.js';
import { argumentsFromText } from '../src/commands/usage.js';
import { startBot } from '../src/core/bot.js';
import { loadConfig } from '../src/core/config.js';
import type { Paper } from '../src/core/paper.js';
import { plain, type Reply } from '../src/core/reply.js';
import { citedPapers } from '../src/search/answer.js';
import { useFeeds } from './feeds.js';
import { setUpLogging } from './logging.js';
import { UsageError } from './usage-error.js';

export interface ShellOptions {
  readonly json?: boolean;
  /** How many papers a list shows (the chat's page size when absent). */
  readonly limit?: number;
}

const paperJson = (paper: Paper) => ({ id: paper.id, title: paper.title, links: paper.links });

/** The reply as JSON: a list of papers, or an answer with its citations; "nothing matches" is the empty list. */
function jsonOf(reply: Reply): unknown {
  if (reply.kind === 'papers') {
    return reply.hits.map(({ paper, score, snippet }) => ({
      id: paper.id,
      title: paper.title,
      score,
      snippet: snippet.text,
      links: paper.links,
    }));
  }
  if (reply.kind === 'answer' || reply.kind === 'no-answer') {
    const citations = reply.kind === 'answer' ? reply.citations : [];
    const papers = reply.kind === 'answer' ? citedPapers(reply.citations) : reply.closest;
    return {
      answer: citations.map((c) => ({ text: c.text, ...(c.fact ? { fact: c.fact } : {}), paper: paperJson(c.paper) })),
      papers: papers.map(paperJson),
    };
  }
  if (reply.kind === 'reading-list') {
    return reply.entries.map(({ paper, saved }) => ({
      ...paperJson(paper),
      savedAt: new Date(saved.savedAt).toISOString(),
      ...(saved.note ? { note: saved.note } : {}),
      read: saved.readAt !== null,
    }));
  }
  if (reply.kind === 'citation') return { ...paperJson(reply.paper), bibtex: reply.bibtex };
  if (reply.kind === 'summary') {
    const { paper, tldr } = reply;
    return { paper: paperJson(paper), tldr, ...(paper.aiSummary ? { aiSummary: paper.aiSummary } : {}) };
  }
  return [];
}

/** The reply as terminal text; a list is its papers alone, since a shell has no /more to page on with. */
function textOf(reply: Reply): string {
  const style = process.stdout.isTTY ? ansiStyle : plainStyle;
  if (reply.kind === 'papers') return reply.hits.map((hit, i) => renderHit(hit, i + 1, style)).join('\n\n');
  // A citation or an exported list is printed bare, so `paperbot list export > refs.bib` is the file itself.
  if (reply.kind === 'citation') return reply.bibtex;
  if (reply.kind === 'file') return reply.file.content.trimEnd();
  return renderReply(reply, style);
}

/**
 * `paperbot search|ask|similar …`: runs the command of the table through the same handler as the chat, on
 * the console's channel, and prints its reply; `named` holds the arguments given by flags (`--since 2019`). A reply
 * that is an error is bad input: one line, status 2.
 */
export async function runFromShell(
  command: Command,
  text: string,
  options: ShellOptions,
  named: Readonly<Record<string, string>> = {},
): Promise<void> {
  const config = loadConfig();
  setUpLogging(config, 'warn');
  // A one-shot command writes nothing it was not asked to (a paper fetched by id is stored, by a second connection);
  // one that changes a channel's records (save, read) opens them for writing.
  const bot = await startBot(config, undefined, { readOnly: !command.changesState });
  // A one-shot command fetches what it lacks (a paper named by id, say); it schedules nothing.
  useFeeds(bot, config, { online: true, schedule: false });
  const context = { bot, channel: consoleChannel, canManageChannel: false, pageSize: options.limit };
  const reply = await runCommand(command.name, { ...argumentsFromText(command, text), ...named }, context);
  if (reply.kind === 'error') throw new UsageError(plain(reply.text).replace(/\n/g, ' '));
  process.stdout.write(`${options.json ? JSON.stringify(jsonOf(reply), null, 2) : textOf(reply)}\n`);
}
