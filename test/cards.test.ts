import { describe, expect, it } from 'vitest';
import { plainStyle } from '../adapters/console/format.js';
import { renderReply as toConsole } from '../adapters/console/render.js';
import { renderReply as toDiscord } from '../adapters/discord/render.js';
import { renderReply as toSlack } from '../adapters/slack/render.js';
import type { Action } from '../src/core/action.js';
import type { Paper } from '../src/core/paper.js';
import type { Reply } from '../src/core/reply.js';

/** What a person sees of a reply on one platform, and the actions its buttons run. */
interface Shown {
  readonly text: string;
  readonly actions: Action[];
  readonly private: boolean;
}

async function onDiscord(reply: Reply): Promise<Shown> {
  const message = await toDiscord(reply, async (action) => `pb${JSON.stringify(action)}`);
  const embeds = message.embeds.flatMap((e) => [
    e.title,
    e.url,
    e.description,
    ...(e.fields ?? []).map((f) => f.value),
    e.footer?.text,
  ]);
  const buttons = message.components.flatMap((row) => row.components).filter((b) => !b.disabled);
  return {
    text: [message.content, ...embeds, ...buttons.map((b) => ('label' in b ? b.label : ''))].filter(Boolean).join('\n'),
    actions: buttons.map((b) => JSON.parse(('custom_id' in b ? b.custom_id : '').slice(2)) as Action),
    private: message.flags !== undefined,
  };
}

/** Every text Slack shows in the blocks; a button's value is data handed back, never shown. */
const slackTexts = (value: unknown): string[] => {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === 'text' && typeof v === 'string' ? [v] : key === 'value' ? [] : slackTexts(v),
  );
};

function onSlack(reply: Reply): Shown {
  const message = toSlack(reply);
  // A card's own button sits beside it, as its section's accessory.
  const buttons = message.blocks.flatMap((b): object[] =>
    b.type === 'actions' ? b.elements : b.type === 'section' && b.accessory ? [b.accessory] : [],
  );
  return {
    text: slackTexts(message.blocks).join('\n'),
    actions: buttons.map((b) => JSON.parse('value' in b ? String(b.value ?? '') : '') as Action),
    private: message.ephemeral,
  };
}

const paper = (id: string, links: Paper['links']): Paper => ({
  id,
  title: `Paper ${id.toUpperCase()} on style`,
  abstract: `Abstract of ${id}.`,
  authors: [`Author ${id}`],
  published: '2024-01-02',
  links,
  source: 'file',
});
const a = paper('a', { abstract: 'https://arxiv.org/abs/2401.00001', pdf: 'https://arxiv.org/pdf/2401.00001' });
const b = paper('b', { code: ['https://github.com/b/b'], project: ['https://b.example/'] });
const page = (n: number): Action => ({ command: 'paper', args: { query: 'style', page: n } });
const usage = { name: 'ask', arguments: ['question'], usage: '/paper ask <question>' };

const replies: Record<string, Reply> = {
  papers: {
    kind: 'papers',
    heading: ['Papers for ', { untrusted: 'stlye' }],
    correctedQuery: 'style',
    page: 2,
    pageCount: 3,
    total: 5,
    hits: [a, b].map((p) => ({ paper: p, score: 1, snippet: { text: p.abstract, marks: [[0, 8]] as const } })),
    prev: page(1),
    next: page(3),
  },
  answer: {
    kind: 'answer',
    question: 'what?',
    citations: [
      { text: 'First.', paper: b },
      { text: 'Second.', paper: a },
      { text: 'Third.', paper: b },
    ],
  },
  'no-answer': { kind: 'no-answer', question: 'what?', closest: [a, b] },
  notice: { kind: 'notice', text: ['Subscribed to ', { untrusted: 'style' }, '.'] },
  daily: {
    kind: 'daily',
    paper: b,
    topic: 'style',
    archive: true,
    abstract: 'Short abstract.',
    more: { command: 'similar', args: { paper: 'b' } },
    up: { command: 'feedback', args: { paper: 'b', vote: 'up' } },
    down: { command: 'feedback', args: { paper: 'b', vote: 'down' } },
  },
  error: { kind: 'error', text: ['Tell me the question.'], usage },
  help: {
    kind: 'help',
    intro: ['I do not know ', { untrusted: 'bogus' }, '.'],
    commands: [{ ...usage, description: 'Ask a question.' }],
  },
};

/** The facts a reply must show on every platform, whatever the layout. */
const facts: Record<string, readonly (string | RegExp)[]> = {
  papers: [
    'Papers for “stlye”',
    /page 2 of 3/i,
    '5 papers',
    'Showing results for “style”',
    a.title,
    b.title,
    'https://arxiv.org/abs/2401.00001',
    'https://arxiv.org/pdf/2401.00001',
    'https://github.com/b/b',
    'https://b.example/',
    'Author a',
    '2024-01-02',
    'id: a',
    'Abstract',
  ],
  answer: [
    /First\.\W+(\[1\]|.*\|\[1\])/,
    /Second\.\W+(\[2\]|.*\|\[2\])/,
    /Third\.\W+(\[1\]|.*\|\[1\])/,
    b.title,
    a.title,
  ],
  'no-answer': ['I could not find an answer to “what?” in the abstracts.', 'The closest papers:', a.title, b.title],
  notice: ['Subscribed to “style”.'],
  daily: [
    "Today's paper",
    'Because you follow “style”',
    'from the archive',
    b.title,
    'Short abstract.',
    'https://github.com/b/b',
    'More like this',
  ],
  error: ['Tell me the question.', 'Usage:', /\/(paper )?ask/],
  help: ['I do not know “bogus”.', 'paperbot commands', /\/(paper )?ask/, 'Ask a question.'],
};

const ask = (paper: string): Action => ({ command: 'ask-paper', args: { paper } });
const save = (paper: string): Action => ({ command: 'save', args: { paper } });
const buttons: Record<string, readonly Action[]> = {
  papers: [page(1), page(3), ask('a'), save('a'), ask('b'), save('b')],
  daily: [
    (replies.daily as Extract<Reply, { kind: 'daily' }>).more,
    { command: 'feedback', args: { paper: 'b', vote: 'up' } },
    { command: 'feedback', args: { paper: 'b', vote: 'down' } },
    ask('b'),
    save('b'),
  ],
};
// Slack puts a card's own button beside the card, Discord in a row under the embeds: the same actions, in another order.
const sorted = (actions: readonly Action[]) => actions.map((a) => JSON.stringify(a)).sort();

describe('one reply, three platforms, the same facts', () => {
  for (const [kind, reply] of Object.entries(replies)) {
    it(`shows a ${kind} reply alike on Discord, Slack and the console`, async () => {
      const console = toConsole(reply, plainStyle);
      const shown = { discord: await onDiscord(reply), slack: onSlack(reply), console: { text: console } };
      for (const [platform, { text }] of Object.entries(shown)) {
        for (const fact of facts[kind]!) expect(text, `${platform}: ${fact}`).toMatch(fact);
      }
      expect(sorted(shown.discord.actions)).toEqual(sorted(buttons[kind] ?? []));
      expect(sorted(shown.slack.actions)).toEqual(sorted(buttons[kind] ?? []));
      expect(shown.discord.private).toBe(kind === 'error' || kind === 'help');
      expect(shown.slack.private).toBe(kind === 'error' || kind === 'help');
    });
  }

  it('links each citation number to its paper on the chat platforms', async () => {
    const discord = await onDiscord(replies.answer!);
    expect(discord.text).toContain('First. [[1]](https://github.com/b/b)');
    expect(discord.text).toContain('Second. [[2]](https://arxiv.org/abs/2401.00001)');
    expect(onSlack(replies.answer!).text).toContain('Second. <https://arxiv.org/abs/2401.00001|[2]>');
    expect(toConsole(replies.answer!, plainStyle)).toMatch(
      /^\[2\] Paper A on style — https:\/\/arxiv\.org\/abs\/2401\.00001/m,
    );
  });

  it('tells the console what to type for the buttons it can say in a line', () => {
    expect(toConsole(replies.papers!, plainStyle)).toMatch(/◀ Prev: \/back · Next ▶: \/more$/);
    expect(toConsole(replies.daily!, plainStyle)).toMatch(/More like this: \/paper similar b$/);
    expect(toConsole(replies.papers!, plainStyle)).toMatch(/^3\. Paper A on style$/m);
  });
});
