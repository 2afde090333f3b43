/**
 * Bytes of replies this process handed to the broker that it has not
 * confirmed yet. A streamed reply (a directory read, the store's user list)
 * is produced as fast as its source gives pages, while its channel sends
 * them no faster than the broker and the reader take them: without a brake
 * every page of a 100,000-user stream sat in memory at once (user-store
 * peaked at 700 MB serving one list). `paced` pulls the next page only while
 * the replies in flight stay under a limit, so a stream holds a few pages.
 */
export class ReplyPacing {
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  /** Counts `bytes` as in flight until `sent` settles (the broker confirmed, or the send failed). */
  track(bytes: number, sent: Promise<unknown>): void {
    this.inFlight += bytes;
    const done = () => {
      this.inFlight -= bytes;
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    };
    sent.then(done, done);
  }

  get bytesInFlight(): number {
    return this.inFlight;
  }

  /** Resolves once the replies in flight are below `limit` bytes. */
  async below(limit: number): Promise<void> {
    while (this.inFlight >= limit) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

/** The process's one RpcServer counts its replies here. */
export const replyPacing = new ReplyPacing();

/** Replies in flight above which a paced stream waits: a few pages of 1,000 users. */
export const PACED_REPLY_BYTES = 4 * 1024 * 1024;

/**
 * `items`, each pulled only once the replies in flight are below `limit`:
 * for the async sources of streamed replies (`from(paced(pages()))`).
 */
export async function* paced<T>(
  items: AsyncIterable<T>,
  limit: number = PACED_REPLY_BYTES,
  pacing: ReplyPacing = replyPacing,
): AsyncGenerator<T, void, undefined> {
  const iterator = items[Symbol.asyncIterator]();
  try {
    for (;;) {
      await pacing.below(limit);
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // A consumer that stops early (unsubscribed) ends the source too: it closes its connection.
    await iterator.return?.();
  }
}
