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

