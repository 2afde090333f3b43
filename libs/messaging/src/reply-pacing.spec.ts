import { paced, ReplyPacing } from './reply-pacing';

/** A promise and the functions that settle it. */
function settleable() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

async function* pages(pulled: number[], count: number) {
  for (let page = 0; page < count; page += 1) {
    await Promise.resolve(); // a page read from somewhere
    pulled.push(page);
    yield page;
  }
}

describe(ReplyPacing.name, () => {
  it('counts bytes until the send settles, confirmed or failed', async () => {
    const pacing = new ReplyPacing();
    const confirmed = settleable();
    const failed = settleable();

    pacing.track(100, confirmed.promise);
    pacing.track(50, failed.promise);
    expect(pacing.bytesInFlight).toBe(150);

    confirmed.resolve();
    failed.reject(new Error('channel closed'));
    await Promise.allSettled([confirmed.promise, failed.promise]);
    await pacing.below(1);
    expect(pacing.bytesInFlight).toBe(0);
  });
});

describe(paced.name, () => {
  it('pulls the next item only once the replies in flight are below the limit', async () => {
    const pacing = new ReplyPacing();
    const pulled: number[] = [];
    const stream = paced(pages(pulled, 3), 100, pacing);

    expect(await stream.next()).toEqual({ value: 0, done: false });
    const send = settleable();
    pacing.track(100, send.promise); // page 0 handed to the broker, not yet confirmed
    const second = stream.next();
    // The source is not asked for page 1 while page 0 is in flight: it resolves only after the confirm.
    let secondSettled = false;
    void second.then(() => (secondSettled = true));
    await new Promise(setImmediate); // every pending promise job has run
    expect(secondSettled).toBe(false);
    expect(pulled).toEqual([0]);

    send.resolve();
    expect(await second).toEqual({ value: 1, done: false });
    expect(pulled).toEqual([0, 1]);
  });

  it('ends the source when the consumer stops early', async () => {
    let closed = false;
    async function* source() {
      try {
        yield await Promise.resolve(1);
        yield 2;
      } finally {
        closed = true;
      }
    }
    const stream = paced(source(), 100, new ReplyPacing());

    await stream.next();
    await stream.return(undefined);

    expect(closed).toBe(true);
  });
});
