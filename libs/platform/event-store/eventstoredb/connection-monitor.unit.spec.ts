import { UnavailableError } from '@eventstore/db-client';
import { ConnectionMonitor } from './connection-monitor';

describe('ConnectionMonitor', () => {
  it('reports a failed call to the server and recovers on the next success', () => {
    const monitor = new ConnectionMonitor();
    expect(monitor.health()).toMatchObject({ connection: 'up', reconnectingSubscriptions: 0 });
    monitor.failed(new UnavailableError(undefined, '14 UNAVAILABLE: No connection established'));
    expect(monitor.health()).toMatchObject({ connection: 'unavailable', lastError: '14 UNAVAILABLE: No connection established' });
    monitor.succeeded();
    expect(monitor.health().connection).toBe('up');
  });

  it('ignores failures that say nothing about the connection', () => {
    const monitor = new ConnectionMonitor();
    monitor.failed(new Error('stream "s" expected revision 0 but is at 1'));
    expect(monitor.health().connection).toBe('up');
  });

  it('stays unavailable while a live subscription reconnects, whatever other calls do', () => {
    const monitor = new ConnectionMonitor();
    monitor.subscriptionDown(1, new Error('the subscription ended'));
    monitor.succeeded();
    expect(monitor.health()).toMatchObject({
      connection: 'unavailable',
      reconnectingSubscriptions: 1,
      lastError: 'the subscription ended',
    });
    monitor.subscriptionUp(1);
    expect(monitor.health()).toMatchObject({ connection: 'up', reconnectingSubscriptions: 0 });
  });
});
