// `npm run bench:fan-out` (and the end of `npm run bench`): one daily round for 1,000 Slack channels through the
// real sender and Web API client, against the local fake Slack answering 429 with Retry-After: 1 to every fifth
// call. The test suite runs the same round at 50 channels without the waiting; this is the load figure.
// Flags: --channels 1000   --every 5 (a 429 on every n-th call)   --retry-after 1 (seconds)
import os from 'node:os';
import { configureLog } from '../src/core/log.js';
import { startFakeSlack } from '../test/support/fake-slack.js';
import { slackFanOut } from '../test/support/fan-out.js';

function flag(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  const value = Number(at >= 0 ? args[at + 1] : fallback);
  if (!(value >= 0)) throw new Error(`--${name} takes a number`);
  return value;
}

const channels = flag('channels', 1000);
const every = flag('every', 5);
const retryAfter = flag('retry-after', 1);
const loadAverage = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

// The bot's own log lines (a warning per 429) would drown the figures.
configureLog('silent');
const slack = await startFakeSlack();
const loadBefore = loadAverage();
const cpuBefore = process.cpuUsage();
const started = performance.now();
try {
  const round = await slackFanOut(slack, { channels, rateLimitEvery: every, retryAfterSeconds: retryAfter });
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const sent = [...round.results.values()].filter((r) => r.status === 'sent').length;
  const posted = round.posts.filter((n) => n > 0).length;
  const doubled = round.posts.filter((n) => n > 1).length;
  console.log(`fan-out: ${channels} Slack channels, a 429 (Retry-After: ${retryAfter} s) on every ${every}th call`);
  console.log(`  posts:     ${posted} channels posted to, ${sent} reported sent, ${doubled} doubled`);
  console.log(`  API calls: ${round.apiCalls}`);
  // CPU time is this process's: the bot, its client and the fake Slack together.
  console.log(`  wall time: ${wallSeconds.toFixed(1)} s; CPU time: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
  console.log(`  load average (1, 5, 15 min): ${loadBefore} at the start, ${loadAverage()} at the end`);
  if (posted !== channels || sent !== channels || doubled > 0) process.exitCode = 1;
} finally {
  await slack.close();
}
