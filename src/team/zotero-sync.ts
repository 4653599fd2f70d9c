import { log } from '../core/log.js';
import type { Paper } from '../core/paper.js';
import type { ReadingList, SavedPaper } from './reading-list.js';
import { writeToken, type Zotero, type ZoteroOutcome } from './zotero.js';

/** What became of a saved paper's copy in Zotero: none configured, already there, or this attempt's outcome. */
export type ZoteroSync = { readonly status: 'off' | 'already' } | ZoteroOutcome;

/**
 * Sends a saved paper to Zotero unless it is there already, and remembers its item key. The local save stands
 * whatever Zotero answers; a later save of the same paper tries again.
 */
export async function syncToZotero(
  zotero: Zotero | undefined,
  list: ReadingList,
  saved: SavedPaper,
  paper: Paper,
): Promise<ZoteroSync> {
  if (!zotero) return { status: 'off' };
  if (saved.zoteroKey) return { status: 'already' };
  // The same save always sends the same token, so a resend after a lost answer never makes a second item.
  const token = writeToken(zotero.library, saved.channel, saved.paperId, saved.savedAt);
  const outcome = await zotero.addPaper(paper, token);
  const where = { library: zotero.library, channel: saved.channel, paper: saved.paperId };
  if (outcome.status === 'saved') {
    list.setZoteroKey(saved.channel, saved.paperId, outcome.key);
    log.info({ ...where, key: outcome.key }, 'zotero: item created');
  } else if (outcome.status === 'refused') {
    log.warn({ ...where, reason: outcome.reason }, 'zotero refused the key: check ZOTERO_API_KEY and its write access');
  } else {
    log.warn({ ...where, reason: outcome.reason }, 'zotero: could not create the item');
  }
  return outcome;
}
