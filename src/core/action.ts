import { z } from 'zod';

/**
 * What a button (or the console's /more) runs: a command of the table with its arguments by name, so a
 * button already posted still means the same after the command's schema is reordered.
 */
export const ActionSchema = z.object({
  command: z.string().min(1),
  args: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type Action = z.infer<typeof ActionSchema>;
