import type { PaperLinks } from './paper.js';

// Hosts whose pages are a repository of code; anything else linked from an abstract is a project page.
const CODE_HOSTS = ['github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org', 'gitee.com', 'sourceforge.net'];

const URL_IN_TEXT = /https?:\/\/[^\s<>"'`]+/g;

/**
 * Removes what a sentence wraps around a URL rather than what belongs to it: trailing sentence
 * punctuation and a closing bracket whose opening bracket is outside the URL.
 */
function trimUrl(raw: string): string {
  let url = raw;
  for (;;) {
    const before = url;
    url = url.replace(/[.,;:!?*]+$/, '');
    for (const [open, close] of [
      ['(', ')'],
      ['[', ']'],
      ['{', '}'],
    ] as const) {
      if (url.endsWith(close) && count(url, open) < count(url, close)) url = url.slice(0, -1);
    }
    if (url === before) return url;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function isCodeHost(url: URL): boolean {
  const host = url.hostname.replace(/^www\./, '');
  return CODE_HOSTS.includes(host);
}

/** The links written inside a text, classified as code or project page, each once, in order. */
export function linksInText(text: string): Pick<PaperLinks, 'code' | 'project'> {
  const code: string[] = [];
  const project: string[] = [];
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const cleaned = trimUrl(match[0]);
    let url: URL;
    try {
      url = new URL(cleaned);
    } catch {
      continue;
    }
    const list = isCodeHost(url) ? code : project;
    if (!list.includes(cleaned)) list.push(cleaned);
  }
  return { ...(code.length ? { code } : {}), ...(project.length ? { project } : {}) };
}
