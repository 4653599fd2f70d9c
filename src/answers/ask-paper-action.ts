import type { Action } from '../core/action.js';

/** The command an "Ask about this paper" button runs, once the question has been typed. */
export const ASK_PAPER = 'ask-paper';

/** What the button on a paper's card carries: the paper; the question comes from the form it opens. */
export const askAboutPaper = (paperId: string): Action => ({ command: ASK_PAPER, args: { paper: paperId } });

/** A clicked button that still needs a question typed (a Discord modal, a Slack view asks for it). */
export const needsQuestion = (action: Action): boolean =>
  action.command === ASK_PAPER && typeof action.args.question !== 'string';

/** The argument a typed question fills in. */
export const withQuestion = (action: Action, question: string): Action => ({
  ...action,
  args: { ...action.args, question },
});
