import { createServer, type Server } from 'node:http';
import type { LedgerMetrics } from './ledger-metrics';

/**
 * A small HTTP server of its own for METRICS_PORT, so production can keep the metrics on a port
 * that only the scraper reaches. It answers `GET /metrics` and nothing else (404).
 */
export class MetricsServer {
  private server?: Server;

  constructor(
    private readonly metrics: LedgerMetrics,
    private readonly port: number,
  ) {}

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0];
      if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found: only GET /metrics is served here\n');
        return;
      }
      this.metrics.scrape().then(
        ({ contentType, body }) => response.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(body),
        (error: unknown) =>
          response
            .writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
            .end(`metrics could not be collected: ${String(error)}\n`),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
