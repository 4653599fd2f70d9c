// What starting on Slack needs, in one module loaded only when Slack is configured (see start.ts).
export { startSlack } from '../adapters/slack/app.js';
export { adoptBotToken, distributionOf, workspaceSender } from '../adapters/slack/oauth.js';
export { dailyClient, slackSender } from '../adapters/slack/sender.js';
