import { z } from 'zod';
import { cleanInput } from '../core/text.js';

export const MAX_QUERY_LENGTH = 300;

/** Typed text: cleaned of invisible characters and extra spaces, then required and limited. */
export const text = (max: number, description: string) =>
  z
    .string()
    .transform(cleanInput)
    .pipe(z.string().min(1, 'is empty').max(max, `is longer than ${max} characters`))
    .describe(description);

/** Typed text that may be left out: nothing typed (or only spaces) is no argument at all. */
export const optionalText = (max: number, description: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' && cleanInput(value) === '' ? undefined : value),
    text(max, description).optional(),
  );

/** Set by Prev/Next buttons, never typed. */
export const page = z.coerce.number().int().min(1).max(1000).default(1).describe('page of results');

/** Text from outside (typed, or a paper's title) inside a reply, for the renderers to escape. */
export const quote = (untrusted: string) => ({ untrusted });
