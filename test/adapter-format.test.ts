import { describe, expect, it } from 'vitest';
import { plainStyle, terminalText } from '../adapters/console/format.js';
import { truncate as discordTruncate } from '../adapters/discord/escape.js';
import { discordUsage, markdown } from '../adapters/discord/format.js';
import { capitalised, mrkdwn, slackUsage } from '../adapters/slack/format.js';
import { truncateEscaped } from '../adapters/slack/limits.js';
import type { Text } from '../src/core/card.js';

const usage = { name: 'ask', arguments: ['question'], usage: '/paper ask <question>' };
const text: Text = [
  '**Bold** ',
  { text: '@everyone *x*', untrusted: true },
  ' ',
  { text: 'hit', untrusted: true, strong: true },
  ' ',
  { text: 'A|B', untrusted: true, url: 'https://e.x/' },
  ' ',
  { text: '/paper', code: true },
  ' ',
  { command: usage },
];

describe('each platform formats card text its own way', () => {
  it("Discord: its markdown, outside text escaped, the bot's own words as written", () => {
    expect(markdown(text)).toBe(
      '**Bold** @\u200beveryone \\*x\\* **hit** [A|B](https://e.x/) `/paper` `/ask question:`',
    );
    expect(discordUsage({ ...usage, name: 'paper', arguments: ['query'] })).toBe('`/paper query:`');
    expect(discordTruncate('abc\\*def', 5)).toBe('abc…');
  });

  it('Slack: mrkdwn with &, < and > escaped everywhere and no "|" inside a link label', () => {
    expect(
      mrkdwn([
        'a < b & ',
        { text: '<!channel>', untrusted: true },
        ' ',
        { text: 'A|B', untrusted: true, url: 'https://e.x/' },
      ]),
    ).toBe('a &lt; b &amp; &lt;!channel&gt; <https://e.x/|A¦B>');
    expect(mrkdwn(text)).toContain('*hit*');
    expect(slackUsage(usage)).toBe('`/paper ask <question>`');
    expect(slackUsage({ name: 'paper', arguments: ['query'], usage: '/paper <query>' })).toBe('`/paper <query>`');
    expect(capitalised('page 2 of 5')).toBe('Page 2 of 5');
    expect(truncateEscaped('ab &amp; cd', 7)).toBe('ab…');
  });

  it('console: plain text with outside control characters blanked and the usage as typed', () => {
    expect(terminalText([{ text: 'a\x1b[2Jb', untrusted: true }, ' ', { command: usage }], plainStyle)).toBe(
      'a [2Jb /paper ask <question>',
    );
  });
});
