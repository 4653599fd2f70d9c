import type { Reply } from './reply.js';

// The replies for what goes wrong around a command rather than in it; adapters send these, never their own words.

export const expiredButton: Reply = { kind: 'error', text: ['This button has expired; run the search again.'] };

export const expiredForm: Reply = { kind: 'error', text: ['This form has expired; click the button again.'] };

export const failedOnOurSide: Reply = { kind: 'error', text: ['Something went wrong on my side; please try again.'] };

/** Why the bot cannot post in a channel until someone acts. */
export type CannotPost = 'not-member' | 'not-visible' | 'archived';

const CANNOT_POST: Record<CannotPost, string> = {
  'not-member': 'I am not in this channel yet: invite me with `/invite @paperbot`, then try again.',
  'not-visible': 'I cannot see this channel: invite me with `/invite @paperbot` (private channels need it too).',
  archived: 'This channel is archived, so I cannot post in it.',
};

export const cannotPost = (why: CannotPost): Reply => ({ kind: 'error', text: [CANNOT_POST[why]] });
