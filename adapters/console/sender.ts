import type { Writable } from 'node:stream';
import type { Sender } from '../../src/daily/service.js';
import { plainStyle, type Style } from './format.js';
import { renderReply } from './render.js';

/** Daily posts for the console channel are printed where the chat is. */
export function consoleSender(output: Writable, style: Style = plainStyle): Sender {
  return {
    async send(post) {
      output.write(`${renderReply(post.reply, style)}\n`);
      return {};
    },
  };
}
