import { REST, type RESTOptions } from 'discord.js';
import { Agent } from 'undici';

/**
 * discord.js's REST options: its API base (a local fake's in tests) and an HTTP agent of discord.js's own undici.
 * Without one, requests go through the process-wide agent, which Slack's Socket Mode (another undici major) may
 * have made first: a file upload (the reading list's .bib) then failed, "action is not a function", in a process
 * running both platforms.
 */
export const restOptions = (apiUrl?: string): Partial<RESTOptions> => ({
  agent: new Agent(),
  ...(apiUrl ? { api: apiUrl } : {}),
});

/** A REST client for calls made without the gateway: registering commands, `paperbot daily now`. */
export const discordRest = (token: string, apiUrl?: string): REST => new REST(restOptions(apiUrl)).setToken(token);
