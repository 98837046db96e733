import { Body, Controller, HttpCode, Inject, PayloadTooLargeException, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ledger/platform/auth';
import type { AppConfig } from '@ledger/platform/config';
import { IngestEventsCommand, type IngestResult } from '@ledger/ingestion/application';
import { APP_CONFIG } from '../config.token';
import { invalidRequest } from '@ledger/platform/http';
import { JudgesEachEvent } from '@ledger/platform/http';
import { objectSchema } from '../openapi/object-schema';
import { ApiErrors } from '../openapi/api-errors.decorator';

@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('ingest')
  @JudgesEachEvent()
  @ApiOperation({
    summary: 'Ingest one CloudEvent or a JSON array of them',
    description:
      'Roles: ingest (admin). ' +
      'Every event gets its own verdict. The valid events of one request are stored atomically; a rejected event is never stored. ' +
      'The HTTP status is 200 whenever the request itself could be read, whatever the verdicts.',
  })
  @ApiBody({ schema: { oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }] } })
  @ApiErrors(400, 403)
  @ApiOkResponse({
    description: '{"results":[{"id","source","status":"accepted|duplicate|conflict|rejected","errors":[{"path","message"}]}]}',
    schema: objectSchema({
      results: {
        type: 'array',
        items: objectSchema({
          id: { type: 'string', nullable: true },
          source: { type: 'string', nullable: true },
          status: { type: 'string', enum: ['accepted', 'duplicate', 'conflict', 'rejected'] },
          errors: { type: 'array', items: { $ref: '#/components/schemas/FieldErrorBody' } },
        }),
      },
    }),
  })
  @ApiPayloadTooLargeResponse({ description: 'body larger than MAX_BODY_BYTES or more events than MAX_BATCH_EVENTS' })
  async ingest(@Body() body: unknown): Promise<{ results: IngestResult[] }> {
    if (body === undefined) {
      throw invalidRequest([
        {
          path: '',
          message: 'expected a JSON body: one CloudEvent or an array (Content-Type application/json or application/cloudevents+json)',
        },
      ]);
    }
    const asArray = Array.isArray(body);
    const events: unknown[] = asArray ? body : [body];
    if (events.length === 0) throw invalidRequest([{ path: '', message: 'the array holds no events' }]);
    if (events.length > this.config.maxBatchEvents) {
      throw new PayloadTooLargeException(`a request may carry at most ${this.config.maxBatchEvents} events; this one has ${events.length}`);
    }
    return { results: await this.commands.execute(new IngestEventsCommand(events, asArray)) };
  }
}
