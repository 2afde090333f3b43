import { Logger } from '@nestjs/common';
import type { Channel, ConsumeMessage } from 'amqplib';
import { DEAD_LETTER_REASON_HEADER, type DeliveryOutcome, RpcDelivery } from './rpc-delivery';

/** The channel calls a delivery makes, in order. */
function recordingChannel() {
  const calls: string[] = [];
  const channel = {
    ack: () => calls.push('ack'),
    nack: () => calls.push('nack'),
    publish: (exchange: string, _key: string, _content: Buffer, options: { headers: object }) =>
      calls.push(`publish ${exchange} ${JSON.stringify(options.headers)}`),
  } as unknown as Channel;
  return { channel, calls };
}

const message = {
  content: Buffer.from('{}'),
  fields: {},
  properties: { headers: {} },
} as unknown as ConsumeMessage;

describe(RpcDelivery.name, () => {
  let warnings: string[];
  let outcomes: DeliveryOutcome[];

  beforeEach(() => {
    warnings = [];
    outcomes = [];
    jest
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation((_context: unknown, text?: unknown) => void warnings.push(String(text)));
  });
  afterEach(() => jest.restoreAllMocks());

  const delivery = (channel: Channel) =>
    new RpcDelivery(channel, message, {
      queue: 'ns.user-store',
      deadLetterExchange: 'ns.dead-letters',
      handlerTimeoutMs: 1_000,
      startedAt: 0,
      onSettled: (_, outcome) => outcomes.push(outcome),
    });

  it('dead-letters a request its handler left unsettled: a copy with the reason, the original acked, a warning', () => {
    const { channel, calls } = recordingChannel();

    delivery(channel).deadLetter('the handler did not acknowledge it');

    expect(calls).toEqual([
      `publish ns.dead-letters ${JSON.stringify({ [DEAD_LETTER_REASON_HEADER]: 'the handler did not acknowledge it', 'x-dirsync-dead-letter-queue': 'ns.user-store' })}`,
      'ack',
    ]);
    expect(outcomes).toEqual(['dead-lettered']);
    expect(warnings).toEqual(['request dead-lettered']);
  });

  it('leaves an acked request as it is when asked to dead-letter it after, and says nothing', () => {
    const { channel, calls } = recordingChannel();
    const sut = delivery(channel);

    sut.ack();
    sut.deadLetter('the handler did not acknowledge it');

    expect(calls).toEqual(['ack']);
    expect(outcomes).toEqual(['acked']);
    expect(warnings).toEqual([]);
  });
});
