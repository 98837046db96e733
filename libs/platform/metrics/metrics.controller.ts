import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@ledger/platform/auth';
import { LedgerMetrics } from './ledger-metrics';

/** `GET /metrics` on the app's own port; with METRICS_PORT set the metrics server answers instead and this is not mounted. */
@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: LedgerMetrics) {}

  @Get()
  @Public()
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text format: appends, verdicts, projection lag and exceptions, HTTP latency, process metrics',
    schema: { type: 'string' },
  })
  async scrape(@Res() response: Response): Promise<void> {
    const { contentType, body } = await this.metrics.scrape();
    response.setHeader('Content-Type', contentType);
    response.setHeader('Cache-Control', 'no-store');
    response.send(body);
  }
}
