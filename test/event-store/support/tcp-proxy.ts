import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay between a client and a real server, to cut the network under a live connection:
 * `cut()` drops every open connection and refuses new ones until `restore()`. Bytes pass through
 * untouched; nothing here imitates the server.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private open = true;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    // eslint-disable-next-line prefer-const -- a closure above its assignment reads it
    let proxy: TcpProxy | undefined;
    const server = createServer((incoming) => {
      if (!proxy?.open) {
        incoming.destroy();
        return;
      }
      const outgoing = connect(targetPort, targetHost);
      for (const socket of [incoming, outgoing]) {
        proxy.sockets.add(socket);
        socket.on('close', () => proxy?.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      incoming.pipe(outgoing);
      outgoing.pipe(incoming);
      incoming.on('close', () => outgoing.destroy());
      outgoing.on('close', () => incoming.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || !address) throw new Error('the proxy has no port');
    proxy = new TcpProxy(server, address.port);
    return proxy;
  }

  cut(): void {
    this.open = false;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.open = true;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
