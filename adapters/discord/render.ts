import { type APIActionRowComponent, type APIButtonComponent, type APIEmbed, ButtonStyle, ComponentType, MessageFlags } from 'discord.js';
import { type Citation, citedPapers } from '../../src/search/answer.js';
import type { Paper } from '../../src/core/paper.js';
import { type Action, type CommandUsage, isPrivate, type Reply, type RichText } from '../../src/core/reply.js';
import type { SearchHit } from '../../src/search/paper-index.js';
import type { Snippet } from '../../src/search/snippet.js';
import { escapeText, truncate } from './escape.js';

/** Discord's message limits, in one place. */
export const LIMITS = { content: 2000, title: 256, description: 4096, field: 1024, footer: 2048, perMessage: 6000, embeds: 10 };

const COLOR = 0x4f6bed;

/** A message as discord.js sends it; every one refuses to ping anybody. */
export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: { parse: [] };
  flags?: MessageFlags.Ephemeral;
}

/** Turns an action into a button's custom_id (at most 100 characters; the encoder may store long ones). */
export type EncodeAction = (action: Action) => Promise<string>;

const rich = (text: RichText) => text.map((part) => (typeof part === 'string' ? part : `“${escapeText(part.untrusted)}”`)).join('');

export function renderSnippet(snippet: Snippet): string {
  let out = '';
  let at = 0;
  for (const [start, end] of snippet.marks) {
    out += `${escapeText(snippet.text.slice(at, start))}**${escapeText(snippet.text.slice(start, end))}**`;
    at = end;
  }
  return out + escapeText(snippet.text.slice(at));
}

/** Where a paper's title links to: its own page, else its code, else its project page. */
export const paperUrl = (paper: Paper) => paper.links.abstract ?? paper.links.code?.[0] ?? paper.links.project?.[0];

const masked = (label: string, url: string) => `[${label}](${url})`;

function linkLine(paper: Paper): string {
  return [
    ...(paper.links.abstract ? [masked('Paper', paper.links.abstract)] : []),
    ...(paper.links.pdf ? [masked('PDF', paper.links.pdf)] : []),
    ...(paper.links.code ?? []).map((url) => masked('Code', url)),
    ...(paper.links.project ?? []).map((url) => masked('Project page', url)),
  ].join(' · ');
}

export function paperEmbed(hit: SearchHit): APIEmbed {
  const { paper } = hit;
  const url = paperUrl(paper);
  const links = linkLine(paper);
  const fields = [
    ...(paper.authors?.length ? [{ name: 'Authors', value: truncate(escapeText(paper.authors.join(', ')), LIMITS.field), inline: true }] : []),
    ...(paper.published ? [{ name: 'Published', value: paper.published, inline: true }] : []),
  ];
  return {
    title: truncate(escapeText(paper.title), LIMITS.title),
    ...(url ? { url } : {}),
    description: truncate(`${renderSnippet(hit.snippet)}${links ? `\n${links}` : ''}`, LIMITS.description),
    ...(fields.length ? { fields } : {}),
    footer: { text: `id: ${paper.id}` },
    color: COLOR,
  };
}

/** The daily paper's card: the same as a search hit, with the shortened abstract in place of a snippet. */
const dailyEmbed = (reply: Extract<Reply, { kind: 'daily' }>): APIEmbed =>
  paperEmbed({ paper: reply.paper, score: 0, snippet: { text: reply.abstract, marks: [] } });

const embedSize = (embed: APIEmbed) =>
  (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) +
  (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

/**
 * Keeps a message's embeds within 6000 characters together: the longest description or field value is
 * shortened first, again and again, so short pieces (titles, dates) stay whole.
 */
export function fitEmbeds(embeds: APIEmbed[]): APIEmbed[] {
  const fitted = embeds.slice(0, LIMITS.embeds).map((embed) => ({ ...embed, ...(embed.fields ? { fields: embed.fields.map((f) => ({ ...f })) } : {}) }));
  for (;;) {
    const excess = fitted.reduce((n, e) => n + embedSize(e), 0) - LIMITS.perMessage;
    if (excess <= 0) return fitted;
    const pieces = fitted.flatMap((embed) => [
      { length: embed.description?.length ?? 0, set: (text: string) => (embed.description = text), get: () => embed.description ?? '' },
      ...(embed.fields ?? []).map((field) => ({ length: field.value.length, set: (text: string) => (field.value = text), get: () => field.value })),
    ]);
    const longest = pieces.reduce((a, b) => (b.length > a.length ? b : a));
    if (longest.length <= 20) return fitted;
    longest.set(truncate(longest.get(), Math.max(20, longest.length - Math.max(excess, 1) , Math.floor(longest.length / 2))));
  }
}

async function pageButtons(reply: Extract<Reply, { kind: 'papers' }>, encode: EncodeAction): Promise<APIActionRowComponent<APIButtonComponent>[]> {
  if (!reply.prev && !reply.next) return [];
  const button = async (label: string, action: Action | undefined, fallbackId: string): Promise<APIButtonComponent> => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: action ? await encode(action) : fallbackId,
    disabled: !action,
  });
  return [{
    type: ComponentType.ActionRow,
    components: [await button('◀ Prev', reply.prev, 'none:prev'), await button('Next ▶', reply.next, 'none:next')],
  }];
}

function citationText(citations: readonly Citation[]): string {
  const papers = citedPapers(citations);
  const ref = (paper: Paper) => {
    const n = papers.indexOf(paper) + 1;
    const url = paperUrl(paper);
    return url ? masked(`[${n}]`, url) : `[${n}]`;
  };
  const sentences = citations.map((c) => `${escapeText(c.text)} ${ref(c.paper)}`);
  const sources = papers.map((paper, i) => {
    const url = paperUrl(paper);
    const title = escapeText(paper.title);
    return `${i + 1}. ${url ? masked(title, url) : title}`;
  });
  return [...sentences, '', '**Sources**', ...sources].join('\n');
}

const message = (content: string, embeds: APIEmbed[] = [], components: DiscordMessage['components'] = []): DiscordMessage => ({
  content: truncate(content, LIMITS.content),
  embeds: fitEmbeds(embeds),
  components,
  allowedMentions: { parse: [] },
});

/** A core reply as a Discord message: results for the channel to see, errors and help only for the asker. */
export async function renderReply(reply: Reply, encode: EncodeAction): Promise<DiscordMessage> {
  const rendered = await renderBody(reply, encode);
  return isPrivate(reply) ? { ...rendered, flags: MessageFlags.Ephemeral } : rendered;
}

async function renderBody(reply: Reply, encode: EncodeAction): Promise<DiscordMessage> {
  switch (reply.kind) {
    case 'papers': {
      const corrected = reply.correctedQuery ? `\nShowing results for “${escapeText(reply.correctedQuery)}”.` : '';
      const header = `**${rich(reply.heading)}** · page ${reply.page} of ${reply.pageCount} (${reply.total} paper${reply.total === 1 ? '' : 's'})${corrected}`;
      return message(header, reply.hits.map(paperEmbed), await pageButtons(reply, encode));
    }
    case 'answer':
      return message(`**Answer to** “${escapeText(reply.question)}”`, [
        { description: truncate(citationText(reply.citations), LIMITS.description), color: COLOR },
      ]);
    case 'no-answer': {
      const closest = reply.closest.map((paper) => {
        const url = paperUrl(paper);
        return `• ${url ? masked(escapeText(paper.title), url) : escapeText(paper.title)}`;
      });
      return message(
        [`I could not find an answer to “${escapeText(reply.question)}” in the abstracts.`,
          ...(closest.length ? ['The closest papers:', ...closest] : ['No paper comes close either; try `/paper` with a few keywords.'])].join('\n'),
      );
    }
    case 'daily':
      return message(
        `📄 **Today's paper**${reply.topic ? ` · Because you follow *${escapeText(reply.topic)}*` : ''}${reply.archive ? ' · from the archive' : ''}`,
        [dailyEmbed(reply)],
        [{
          type: ComponentType.ActionRow,
          components: [
            { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'More like this', custom_id: await encode(reply.more) },
            { type: ComponentType.Button, style: ButtonStyle.Secondary, emoji: { name: '👍' }, custom_id: await encode(reply.up) },
            { type: ComponentType.Button, style: ButtonStyle.Secondary, emoji: { name: '👎' }, custom_id: await encode(reply.down) },
          ],
        }],
      );
    case 'notice':
      return message(rich(reply.text));
    case 'error':
      return message(`⚠️ ${rich(reply.text)}${reply.usage ? `\nUsage: ${discordUsage(reply.usage)}` : ''}`);
    case 'help':
      return message(`${reply.intro ? `⚠️ ${rich(reply.intro)}\n` : ''}**paperbot commands**`, [{
        color: COLOR,
        description: truncate(reply.commands.map((c) => `${discordUsage(c)} ${c.description}`).join('\n'), LIMITS.description),
      }]);
  }
}

/** A command as Discord shows it: `/ask question:`. */
const discordUsage = (usage: CommandUsage) => `\`/${[usage.name, ...usage.arguments.map((a) => `${a}:`)].join(' ')}\``;
