import type { webApi } from '@slack/bolt';
import { Document, type Scalar, type YAMLSeq } from 'yaml';
import type { Command } from '../../src/commands/command.js';
import { typedCommandsOn } from '../../src/commands/table.js';
import { argumentUsage } from '../../src/commands/usage.js';

type Manifest = webApi.AppsManifestCreateArguments['manifest'];
type BotScope = NonNullable<NonNullable<NonNullable<Manifest['oauth_config']>['scopes']>['bot']>[number];

/** Slack's one command: every command of the table is typed after it (`/paper ask …`), a search bare. */
export const SLASH_COMMAND = '/paper';
const SEARCH = SLASH_COMMAND.slice(1);

/** What the bot may do in a workspace, and why it needs each: shown beside each scope in the manifest. */
const BOT_SCOPES: readonly (readonly [scope: BotScope, why: string])[] = [
  ['commands', `the ${SLASH_COMMAND} slash command`],
  ['chat:write', 'post results and daily papers in channels the bot is in'],
  ['chat:write.public', 'post in public channels without being invited first'],
  ['users:read', 'SLACK_SUBSCRIBE_ALLOWED=admins: check who is a workspace admin (users.info)'],
  ['channels:history', "after a crash, check whether today's paper already went out (public channels)"],
  ['groups:history', 'the same in private channels the bot was invited to'],
];

const HEADER = [
  ` Slack app manifest for paperbot, generated from the command table by \`npm run manifest\`: do not edit.`,
  ' api.slack.com/apps → Create New App → From a manifest → paste this.',
  ' Socket Mode is on, so the bot needs no public URL. For HTTP mode instead, turn socket_mode_enabled off, and',
  ` set features.slash_commands[0].url and settings.interactivity.request_url to https://YOUR-HOST/slack/events.`,
].join('\n');

/** How a command is typed after /paper, e.g. `ask <question>`; the search is the words alone. */
const afterSlashCommand = (command: Command) =>
  command.name === SEARCH ? argumentUsage(command) : [command.name, argumentUsage(command)].filter(Boolean).join(' ');

/** The manifest as data, its slash command's description and usage derived from the table. */
export function slackManifest(): Manifest {
  const typed = typedCommandsOn('slack');
  const search = typed.find((command) => command.name === SEARCH);
  const others = typed.filter((command) => command !== search).map((command) => command.name);
  return {
    display_information: {
      name: 'paperbot',
      description: 'Finds papers, answers from their abstracts, and posts a paper a day for your topics.',
      background_color: '#2f3b8f',
    },
    features: {
      bot_user: { display_name: 'paperbot', always_online: true },
      slash_commands: [
        {
          command: SLASH_COMMAND,
          description: `${search ? `${search.description.split(':')[0]}, or: ` : ''}${others.join(' · ')}`,
          usage_hint: typed.map(afterSlashCommand).join(' · '),
          should_escape: false,
        },
      ],
    },
    oauth_config: { scopes: { bot: BOT_SCOPES.map(([scope]) => scope) } },
    settings: {
      interactivity: { is_enabled: true },
      org_deploy_enabled: false,
      socket_mode_enabled: true,
      token_rotation_enabled: false,
    },
  };
}

/** The manifest as the YAML file people paste into Slack, each scope with why the bot needs it. */
export function manifestYaml(): string {
  const document = new Document(slackManifest());
  document.commentBefore = HEADER;
  const scopes = document.getIn(['oauth_config', 'scopes', 'bot']) as YAMLSeq<Scalar>;
  const why = new Map(BOT_SCOPES);
  for (const item of scopes.items) item.comment = ` ${why.get(item.value as BotScope)}`;
  return document.toString({ lineWidth: 0 });
}
