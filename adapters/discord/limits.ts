import type { APIEmbed } from 'discord.js';
import { truncate } from './escape.js';

/** Discord's message limits, in one place. */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  field: 1024,
  footer: 2048,
  perMessage: 6000,
  embeds: 10,
  buttonLabel: 80,
};

const embedSize = (embed: APIEmbed) =>
  (embed.title?.length ?? 0) +
  (embed.description?.length ?? 0) +
  (embed.footer?.text.length ?? 0) +
  (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

/** The pieces of an embed that may be shortened: its description and its field values. */
function shortenable(embed: APIEmbed) {
  return [
    { get: () => embed.description ?? '', set: (text: string) => (embed.description = text) },
    ...(embed.fields ?? []).map((field) => ({ get: () => field.value, set: (text: string) => (field.value = text) })),
  ];
}

/**
 * Keeps a message's embeds within 6000 characters together: the longest description or field value is
 * shortened first, again and again, so short pieces (titles, dates) stay whole.
 */
export function fitEmbeds(embeds: readonly APIEmbed[]): APIEmbed[] {
  const fitted = embeds
    .slice(0, LIMITS.embeds)
    .map((embed) => ({ ...embed, ...(embed.fields ? { fields: embed.fields.map((f) => ({ ...f })) } : {}) }));
  for (;;) {
    const excess = fitted.reduce((n, e) => n + embedSize(e), 0) - LIMITS.perMessage;
    if (excess <= 0) return fitted;
    const longest = fitted.flatMap(shortenable).reduce((a, b) => (b.get().length > a.get().length ? b : a));
    const length = longest.get().length;
    if (length <= 20) return fitted;
    longest.set(truncate(longest.get(), Math.max(20, length - Math.max(excess, 1), Math.floor(length / 2))));
  }
}
