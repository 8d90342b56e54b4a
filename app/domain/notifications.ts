// When a failed notification is tried again, and when we stop trying; the mailbox page size.
/** Attempts in all, counting the first; after the last failure the message is given up. */
export const MAX_DELIVERY_ATTEMPTS = 5;

const FIRST_RETRY_SECONDS = 60;

/**
 * Seconds to wait after failed attempt number `attempts` (1-based): doubling from a minute
 * (1, 2, 4, 8 minutes), so a mail server that is down for a while is not hammered; null
 * once the attempts are used up.
 */
export function retryDelaySeconds(attempts: number): number | null {
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return null;
  return FIRST_RETRY_SECONDS * 2 ** Math.max(0, attempts - 1);
}

/** The mailbox page shows this many of the newest messages. */
export const MAILBOX_PAGE_SIZE = 100;


/**
 * The portal's own pages that a notice links to. Notices write a link as the site path on
 * its own (`/invitations/…`); it becomes an absolute link with the configured public address
 * when the message is sent or shown, so a changed PUBLIC_URL applies to waiting mail too.
 */
const SITE_LINK = /(^|\s)(\/(?:invitations|opportunities|rfps|dashboard|mailbox)(?:\/[A-Za-z0-9\-._~%/?=&#]*)?)/g;
/** Sentence punctuation right after a link is the sentence's, not the link's. */
const TRAILING_PUNCTUATION = /[.,;:!?)]+$/;

export type NoticePart = { text: string } | { href: string };

/** The body cut into text and absolute links, in order, for a page that renders links. */
export function noticeParts(body: string, publicUrl: string): NoticePart[] {
  const base = publicUrl.replace(/\/+$/, "");
  const parts: NoticePart[] = [];
  let at = 0;
  for (const match of body.matchAll(SITE_LINK)) {
    const path = match[2]!.replace(TRAILING_PUNCTUATION, "");
    const start = match.index + match[1]!.length;
    if (start > at) parts.push({ text: body.slice(at, start) });
    parts.push({ href: base + path });
    at = start + path.length;
  }
  if (at < body.length) parts.push({ text: body.slice(at) });
  return parts;
}

/** The body as mail carries it: every site path replaced by its absolute link. */
export function withAbsoluteLinks(body: string, publicUrl: string): string {
  return noticeParts(body, publicUrl)
    .map((part) => ("href" in part ? part.href : part.text))
    .join("");
}
