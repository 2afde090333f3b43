import type { Message } from 'amqplib';
import { AckCoalescer } from './ack-coalescer';

/** The frames a channel was asked to send, in order. */
class RecordingChannel {
  readonly frames: string[] = [];

  ack(message: Message, allUpTo?: boolean) {
    this.frames.push(`ack ${message.fields.deliveryTag}${allUpTo ? ' and before' : ''}`);
  }

  nack(message: Message, allUpTo?: boolean, requeue?: boolean) {
    this.frames.push(
      `nack ${message.fields.deliveryTag}${allUpTo ? ' and before' : ''}${requeue ? ' requeue' : ''}`,
    );
  }
}

const delivery = (deliveryTag: number) => ({ fields: { deliveryTag } }) as Message;

/** Lets the coalescer's end-of-turn flush run. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe(AckCoalescer.name, () => {
  let channel: RecordingChannel;
  let sut: AckCoalescer;
  const [one, two, three, four] = [1, 2, 3, 4].map(delivery) as [
    Message,
    Message,
    Message,
    Message,
  ];

  beforeEach(() => {
    channel = new RecordingChannel();
    sut = new AckCoalescer(channel);
    for (const message of [one, two, three, four]) sut.received(message);
  });

  it('acknowledges the deliveries handled in one turn with one frame', async () => {
    sut.ack(one);
    sut.ack(two);
    sut.ack(three);
    await nextTurn();

    expect(channel.frames).toEqual(['ack 3 and before']);
  });

  it('acknowledges nothing past a delivery still being handled', async () => {
    sut.ack(two);
    sut.ack(three);
    await nextTurn();
    expect(channel.frames).toEqual([]);

    sut.ack(one);
    await nextTurn();
    expect(channel.frames).toEqual(['ack 3 and before']);
  });

  it('sends a refusal at once and acknowledges the handled deliveries around it', async () => {
    sut.ack(one);
    sut.nack(two, false);
    sut.ack(three);
    sut.nack(four, true);
    await nextTurn();

    expect(channel.frames).toEqual(['nack 2', 'nack 4 requeue', 'ack 3 and before']);
  });

  it('keeps working after a channel that closed refuses a frame', async () => {
    channel.ack = () => {
      throw new Error('Channel closed');
    };
    sut.ack(one);
    await nextTurn();

    expect(() => sut.ack(two)).not.toThrow();
    await nextTurn();
  });
});
