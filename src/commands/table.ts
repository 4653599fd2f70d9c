import { ask } from './ask.js';
import { askPaper } from './ask-paper.js';
import { back } from './back.js';
import { cite } from './cite.js';
import type { Command, Surface } from './command.js';
import { daily } from './daily.js';
import { digest } from './digest.js';
import { feedback } from './feedback.js';
import { helpCommand } from './help.js';
import { history } from './history.js';
import { list } from './list.js';
import { more } from './more.js';
import { newest } from './new.js';
import { paper } from './paper.js';
import { quit } from './quit.js';
import { read } from './read.js';
import { save } from './save.js';
import { similar } from './similar.js';
import { subscribe } from './subscribe.js';
import { subscriptions } from './subscriptions.js';
import { summarize } from './summarize.js';
import { top } from './top.js';
import { trending } from './trending.js';
import { unsave } from './unsave.js';
import { unsubscribe } from './unsubscribe.js';

// The names adapters and tests use for the table's parts.
export type { Command, CommandContext } from './command.js';
export { PAGE_SIZE } from './pages.js';
export { typedArguments, usage } from './usage.js';

/**
 * Every command, in the order help lists them. Help, the Discord slash commands, the Slack manifest, the
 * console's commands and the `paperbot` CLI are all derived from this list.
 */
export const commands: readonly Command[] = [
  paper,
  ask,
  similar,
  summarize,
  newest,
  trending,
  top,
  subscribe,
  unsubscribe,
  subscriptions,
  daily,
  digest,
  history,
  save,
  list,
  read,
  unsave,
  cite,
  feedback,
  askPaper,
  more,
  back,
  quit,
  helpCommand((surface) => typedCommandsOn(surface)),
];

/** The commands reached on a surface. */
export function commandsOn(surface: Surface): Command[] {
  return commands.filter((command) => command.surfaces.includes(surface));
}

/** The commands a person types on a surface: its help, its slash commands, its manifest. */
export function typedCommandsOn(surface: Surface): Command[] {
  return commandsOn(surface).filter((command) => !command.buttonOnly);
}
