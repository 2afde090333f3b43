import { FakeLdapServer } from '../../test/fake-ldap-client';
import { LdapConnectionPool } from './ldap-connection-pool';

describe(LdapConnectionPool.name, () => {
  it('hands a released connection to the next caller instead of opening another', async () => {
    const server = new FakeLdapServer();
    const sut = new LdapConnectionPool(server.open, 4);

    const first = await sut.acquire();
    sut.release(first.connection);
    const second = await sut.acquire();

    expect(second).toEqual({ connection: first.connection, reused: true });
    expect(server.clients).toHaveLength(1);
  });

  it('replaces a connection the server closed while it was idle, and closes it', async () => {
    const server = new FakeLdapServer();
    const sut = new LdapConnectionPool(server.open, 4);
    const first = await sut.acquire();
    sut.release(first.connection);

    server.clients[0]!.dropSocket();
    const next = await sut.acquire();

    expect(next.reused).toBe(false);
    expect(next.connection).not.toBe(first.connection);
    expect(server.clients).toHaveLength(2);
    expect(first.connection.isOpen).toBe(false);
  });

  it('never hands out a discarded connection again', async () => {
    const server = new FakeLdapServer();
    const sut = new LdapConnectionPool(server.open, 4);
    const first = await sut.acquire();

    sut.discard(first.connection);
    const next = await sut.acquire();

    expect(next.connection).not.toBe(first.connection);
    expect(server.clients[0]!.isConnected).toBe(false);
  });

  it('opens at most maxSize connections; the next caller waits for one to come back', async () => {
    const server = new FakeLdapServer();
    const sut = new LdapConnectionPool(server.open, 2);
    const a = await sut.acquire();
    await sut.acquire();

    const third = sut.acquire();
    let handedOut = false;
    void third.then(() => {
      handedOut = true;
    });
    // The fake opens within microtasks: after a full turn of the event loop a third
    // connection would exist and the acquire would have resolved.
    await new Promise(setImmediate);
    expect(handedOut).toBe(false);
    expect(server.clients).toHaveLength(2);

    sut.release(a.connection);
    await expect(third).resolves.toEqual({ connection: a.connection, reused: true });
  });

  it('on close, closes idle connections at once and leased ones when they come back', async () => {
    const server = new FakeLdapServer();
    const sut = new LdapConnectionPool(server.open, 4);
    const idle = await sut.acquire();
    const leased = await sut.acquire();
    sut.release(idle.connection);

    await sut.close();
    expect(idle.connection.isOpen).toBe(false);
    expect(leased.connection.isOpen).toBe(true);

    sut.release(leased.connection);
    expect(leased.connection.isOpen).toBe(false);
  });
});
