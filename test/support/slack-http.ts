import { createHmac } from 'node:crypto';

/** Posts form fields to a Bolt HTTP endpoint, signed with the app's signing secret as Slack signs them. */
export function postSigned(
  url: string,
  secret: string,
  fields: Record<string, string>,
  signal?: AbortSignal,
): Promise<Response> {
  const body = new URLSearchParams(fields).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return fetch(url, {
    method: 'POST',
    body,
    ...(signal ? { signal } : {}),
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': String(timestamp),
      'X-Slack-Signature': signature,
    },
  });
}

/** Posts an Events API callback (JSON) to a Bolt HTTP endpoint, signed as Slack signs it. */
export function postSignedEvent(url: string, secret: string, event: object): Promise<Response> {
  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return fetch(url, {
    method: 'POST',
    body,
    headers: {
      'Content-Type': 'application/json',
      'X-Slack-Request-Timestamp': String(timestamp),
      'X-Slack-Signature': signature,
    },
  });
}
