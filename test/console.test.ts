import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './support/bot.js';
import { builtProgram } from './support/built-program.js';
import { paperbot } from './support/cli.js';
import { type ConsoleChat, consoleChat } from './support/console-chat.js';

describe('the console chat, in this process through the entry `paperbot start` uses', () => {
  let chat: ConsoleChat | undefined;
  afterEach(async () => {
    await chat?.close();
    chat = undefined;
  });
  const ask = async (line: string) => {
    chat!.push(line);
    const reply = await chat!.pop();
    expect(reply).not.toContain('\x1b[');
    expect(reply).not.toMatch(/at .*\.ts:\d+/);
    return reply;
  };

  it('answers one command per line, a blank line none', async () => {
    chat = await consoleChat();
    expect(await ask('/paper style transfer')).toMatch(/Papers for “style transfer” · page 1 of \d+/);
    const more = await ask('/more');
    expect(more).toMatch(/page 2 of/);
    expect(more).toMatch(/^6\. /m);
    const answer = await ask('/paper ask How many GAN architectures does StudioGAN support?');
    expect(answer).toMatch(/StudioGAN supports 7 GAN architectures.*\[1\]/);
    expect(answer).toMatch(
      /\[1\] StudioGAN: A Taxonomy and Benchmark of GANs for Image Synthesis — https:\/\/github\.com\/POSTECH-CVLab\/PyTorch-StudioGAN/,
    );
    chat.push('');
    expect(await ask('/help')).toMatch(/\/subscribe <topic>/);
    expect(await ask('/bogus')).toMatch(/✗ I do not know the command “bogus”/);
  });

  it('remembers a subscription across restarts', async () => {
    chat = await consoleChat();
    expect(await ask('/subscribe Virtual Try-On')).toMatch(/Subscribed this channel to “virtual try-on”/);
    const { dir } = chat;
    await chat.close();
    chat = undefined;
    chat = await consoleChat(dir);
    expect(await ask('/subscriptions')).toMatch(/This channel follows 1 topic: “virtual try-on”\./);
  });
});

// Each of these waits on a process of its own (a second or two of start-up), so they run side by side.
describe.concurrent('the console chat of the real program, piped (smoke tests of the process around it)', () => {
  it('answers on stdout and remembers a subscription across a restart', async () => {
    const env = { DATA_DIR: tempDir() };
    const first = await paperbot(['start'], { input: '/paper virtual try-on\n/subscribe Virtual Try-On\n', env });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/LaDI-VTON/);
    expect(first.stdout).toMatch(/Subscribed this channel to “virtual try-on”/);
    expect(first.stdout).not.toContain('\x1b[');
    expect(first.stderr).not.toMatch(/at .*\.ts:\d+/);
    const second = await paperbot(['chat'], { input: '/subscriptions\n', env });
    expect(second.stdout).toMatch(/This channel follows 1 topic: “virtual try-on”\./);
  });

  it('refuses to start on a corrupt state file, names it, and leaves it as it was', async () => {
    const dir = tempDir();
    const file = join(dir, 'state.json');
    writeFileSync(file, '{"subscriptions": [oops');
    const run = await paperbot(['start'], { input: '/subscribe x\n', env: { DATA_DIR: dir } });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(file);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toBe('{"subscriptions": [oops');
  });

  it('stops with a message naming a bad setting', async () => {
    const run = await paperbot(['start'], { env: { DATA_DIR: tempDir(), LOG_LEVEL: 'loud' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^paperbot: configuration: LOG_LEVEL /);
  });
});

describe.concurrent('the paperbot CLI, each command a process of its own', () => {
  const env = () => ({ DATA_DIR: tempDir() });

  it('is installed as a program that runs by itself (what npx paperbot starts), built by npm ci', async () => {
    const { stdout } = await promisify(execFile)(builtProgram, ['--help']);
    expect(stdout).toMatch(/^Usage: paperbot/);
  });

  it('search --json lists the three virtual try-on papers first', async () => {
    const run = await paperbot(['search', 'virtual try-on', '--json'], { env: env() });
    expect(run.code).toBe(0);
    const hits = JSON.parse(run.stdout) as {
      id: string;
      title: string;
      score: number;
      snippet: string;
      links: object;
    }[];
    expect(
      hits
        .slice(0, 3)
        .map((h) => h.title.split(':')[0])
        .sort(),
    ).toEqual(['High-Fidelity Virtual Try-on with Large-Scale Unpaired Learning', 'LaDI-VTON', 'TryOn-Adapter']);
    expect(Object.keys(hits[0]!).sort()).toEqual(['id', 'links', 'score', 'snippet', 'title']);
    expect(hits.find((h) => h.title.startsWith('LaDI-VTON'))?.links).toEqual({
      code: ['https://github.com/miccunifi/ladi-vton'],
    });
  });

  it('search --limit caps the list', async () => {
    const run = await paperbot(['search', 'style', '--limit', '2', '--json'], { env: env() });
    expect(JSON.parse(run.stdout)).toHaveLength(2);
  });

  it('ask answers with the sentence and cites StudioGAN', async () => {
    const run = await paperbot(['ask', 'How many GAN architectures does StudioGAN support?', '--json'], { env: env() });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.answer[0].text).toContain('7 GAN architectures');
    expect(result.answer[0].paper.title).toMatch(/^StudioGAN/);
    expect(result.papers.map((p: { title: string }) => p.title)).toContain(result.answer[0].paper.title);
  });

  it('ask in plain text shows the answer and its numbered citation', async () => {
    const run = await paperbot(['ask', 'How many GAN architectures does StudioGAN support?'], { env: env() });
    expect(run.stdout).toMatch(/7 GAN architectures.*\[1\]\n\n\[1\] StudioGAN/s);
  });

  it('similar lists other papers', async () => {
    const run = await paperbot(['similar', 'HyperStyle', '--json'], { env: env() });
    const hits = JSON.parse(run.stdout) as { title: string }[];
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((h) => h.title.startsWith('HyperStyle'))).toBe(false);
  });

  it.each([
    [['search', ''], /Tell me the query/],
    [['search', 'x'.repeat(301)], /longer than 300 characters/],
    [['search', 'style', '--limit', 'lots'], /--limit/],
    [['ask'], /Tell me the question/],
    [['frobnicate'], /unknown command/],
    [['search', '--nope'], /nope/],
  ])('exits non-zero with one line for bad input %j', async (args, message) => {
    const run = await paperbot(args, { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});
