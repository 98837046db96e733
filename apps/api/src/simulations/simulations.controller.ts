import { Body, ConflictException, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '@ledger/platform/auth';
import { SimulationJobs, type SimulationJob } from '@ledger/simulation/application';

import { ParseBody, invalidRequest } from '@ledger/platform/http';
import { Idempotent } from '@ledger/platform/http';
import { simulationDiffToCsv } from '@ledger/simulation/application';
import { parseSimulationRequest, type SimulationRequest } from '@ledger/simulation/domain';
import { objectSchema } from '../openapi/object-schema';
import { ApiErrors } from '../openapi/api-errors.decorator';

const MAX_PAGE_SIZE = 1000;

@ApiTags('simulations')
@ApiBearerAuth()
@Controller('v1/simulations')
export class SimulationsController {
  constructor(private readonly jobs: SimulationJobs) {}

  @Post()
  @HttpCode(202)
  @Roles('analyst', 'finance')
  @Idempotent()
  @ApiOperation({
    summary: 'Start a read-only replay of the stored history under a candidate policy and/or plan',
    description:
      'Roles: analyst, finance (admin). Takes an `Idempotency-Key` header. Runs in the background; nothing is written to the ledger and no event is appended.',
  })
  @ApiErrors(400, 403, 422)
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        policy: { type: 'object' },
        plan: { type: 'object' },
        from: { type: 'string' },
        to: { type: 'string' },
        retract: {
          type: 'string',
          description: 'simulate retracting this adoption (e.g. "policy-adoption-1") instead of adopting a policy',
        },
        riskPolicy: {
          type: 'object',
          description:
            'a candidate risk policy (SPEC §9): `result.risk` says what it would have held over the period next to the recorded flags',
        },
      },
    },
  })
  @ApiAcceptedResponse({ description: '{"id","status":"running"}', schema: objectSchema({ id: 'string', status: 'string' }) })
  start(@Body(new ParseBody(parseSimulationRequest)) request: SimulationRequest): { id: string; status: string } {
    const job = this.jobs.start(request);
    return { id: job.id, status: job.status };
  }

  @Get(':id')
  @Roles('analyst', 'finance')
  @ApiOperation({
    summary: 'Status, progress and result of a simulation; changed conversions are paged; format=csv exports the diff',
    description: 'Roles: analyst, finance (admin).',
  })
  @ApiErrors(400, 403, 404)
  @ApiQuery({ name: 'page', required: false, description: 'page of changed conversions, from 1' })
  @ApiQuery({ name: 'pageSize', required: false, description: `conversions per page (default 100, at most ${MAX_PAGE_SIZE})` })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({
    description:
      '{"id","status","progress","result":{"partners":[...],"totals":[...],"conversions":[{"conversionId","current","simulated"}],...}}',
    schema: objectSchema({
      id: 'string',
      status: { type: 'string', enum: ['running', 'done', 'failed'] },
      progress: { type: 'object' },
      result: { type: 'object', nullable: true },
    }),
  })
  get(
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
    @Query('page') pageParam = '1',
    @Query('pageSize') pageSizeParam = '100',
    @Query('format') format = 'json',
  ): unknown {
    const job = this.jobs.get(id);
    if (!job) throw new NotFoundException(`simulation "${id}" is unknown (results are kept in memory until the server restarts)`);
    if (format !== 'json' && format !== 'csv') throw invalidRequest([{ path: 'format', message: `must be json or csv, not "${format}"` }]);
    const page = Number(pageParam);
    const pageSize = Number(pageSizeParam);
    if (!Number.isSafeInteger(page) || page < 1) throw invalidRequest([{ path: 'page', message: 'must be a whole number from 1' }]);
    if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
      throw invalidRequest([{ path: 'pageSize', message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` }]);
    if (format === 'csv') {
      if (!job.result) throw new ConflictException(`simulation "${id}" is ${job.status}; the diff exists once it is done`);
      response.setHeader('Content-Type', 'text/csv; charset=utf-8');
      response.setHeader('Content-Disposition', `attachment; filename="${id}.csv"`);
      return simulationDiffToCsv(job.result);
    }
    return view(job, page, pageSize);
  }
}

function view(job: SimulationJob, page: number, pageSize: number) {
  const { eventsRead, totalEvents } = job.progress;
  const { result, ...rest } = job;
  return {
    ...rest,
    progress: job.status === 'done' ? 1 : totalEvents === 0 ? 0 : Number((eventsRead / totalEvents).toFixed(4)),
    eventsRead,
    totalEvents,
    result: result && {
      ...result,
      conversions: result.conversions.slice((page - 1) * pageSize, page * pageSize),
      page,
      pageSize,
      pages: Math.max(1, Math.ceil(result.conversions.length / pageSize)),
    },
  };
}
