import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { manifestYaml, slackManifest } from '../adapters/slack/manifest.js';
import { typedCommandsOn } from '../src/commands/table.js';

describe('the Slack app manifest', () => {
  it('is committed as generated from the command table (run npm run manifest after changing a command)', () => {
    const committed = readFileSync(new URL('../adapters/slack/manifest.yml', import.meta.url), 'utf8');
    expect(committed).toBe(manifestYaml());
  });

  it('reads back as the manifest data, so the comments are only comments', () => {
    expect(parse(manifestYaml())).toEqual(slackManifest());
  });

  it("names every command a person types on Slack in /paper's description and usage, and no other", () => {
    const [command] = slackManifest().features?.slash_commands ?? [];
    expect(command?.command).toBe('/paper');
    const typed = typedCommandsOn('slack')
      .map((c) => c.name)
      .filter((name) => name !== 'paper');
    expect(typed).toEqual([
      'ask',
      'similar',
      'summarize',
      'new',
      'trending',
      'top',
      'subscribe',
      'unsubscribe',
      'subscriptions',
      'daily',
      'digest',
      'history',
      'save',
      'list',
      'read',
      'unsave',
      'cite',
      'help',
    ]);
    for (const name of typed) {
      expect(command?.description).toContain(name);
      expect(command?.usage_hint).toContain(name);
    }
    expect(command?.usage_hint).toMatch(/^<query> · ask <question> · /);
    for (const hidden of ['feedback', 'more', 'back', 'quit']) expect(command?.usage_hint).not.toContain(hidden);
    expect(command?.description.length).toBeLessThanOrEqual(2000);
    expect(command?.usage_hint?.length).toBeLessThanOrEqual(1000);
  });

  it('asks for the scopes the bot uses, each with its reason', () => {
    expect(slackManifest().oauth_config?.scopes?.bot).toEqual([
      'commands',
      'chat:write',
      'chat:write.public',
      'files:write',
      'users:read',
      'channels:history',
      'channels:join',
      'groups:history',
      'links:read',
      'links:write',
    ]);
    expect(manifestYaml()).toMatch(/- users:read # SLACK_SUBSCRIBE_ALLOWED=admins/);
  });

  it('unfurls paper links: their domains, the link_shared event and the links scopes', () => {
    const manifest = slackManifest();
    expect(manifest.features?.unfurl_domains).toEqual(['arxiv.org', 'huggingface.co', 'openreview.net']);
    expect(manifest.settings?.event_subscriptions?.bot_events).toEqual(['link_shared']);
  });
});
