import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { parseWebhookRequest, type WebhookRequest } from '@ledger/notifications/domain';
import { WebhooksService, type RegisteredWebhook } from '@ledger/notifications/application';
import type { DeliveryView, WebhookView } from '@ledger/notifications/read-model';
import { CurrentPrincipal, Roles, type Principal } from '@ledger/platform/auth';
import { Idempotent, oneOfParam, pageParams, ParseBody, positionAfter, type Page } from '@ledger/platform/http';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiListQuery } from '../openapi/list-query.decorator';
import { DeliveryBody, DeliveryPageBody, RegisteredWebhookBody, WebhookPageBody, WebhookRequestBody } from './webhook.responses';

/** Webhooks (SPEC §10): admin only (no @Roles names another role). */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1/webhooks')
@Roles()
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Register a webhook: the ledger POSTs the chosen kinds of notifications there, signed (Standard Webhooks)',
    description:
      'Roles: admin. Takes an `Idempotency-Key` header. The answer holds the signing secret, shown only here. ' +
      'The URL must be http(s) and every address its host resolves to public (unless WEBHOOK_ALLOW_PRIVATE=true). ' +
      'It receives the notifications recorded from now on. See docs/notifications.md.',
  })
  @ApiBody({ type: WebhookRequestBody })
  @ApiCreatedResponse({ type: RegisteredWebhookBody })
  @ApiErrors(400, 403, 422)
  register(
    @Body(new ParseBody(parseWebhookRequest)) request: WebhookRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RegisteredWebhook> {
    return this.webhooks.register(request, principal.keyId);
  }

  @Get()
  @ApiOperation({
    summary: 'The registered webhooks, newest first (never their secrets)',
    description: 'Roles: admin. A list: `limit` and `cursor`.',
  })
  @ApiListQuery()
  @ApiOkResponse({ type: WebhookPageBody })
  @ApiErrors(400, 403)
  list(@Query('limit') limit?: unknown, @Query('cursor') cursor?: unknown): Promise<Page<WebhookView>> {
    const page = pageParams(limit, cursor, 1);
    positionAfter(page);
    return this.webhooks.list(page);
  }

  @Delete(':id')
  @HttpCode(204)
  @Idempotent()
  @ApiOperation({
    summary: 'Delete a webhook: nothing more is sent to it; its pending deliveries end as failed',
    description: 'Roles: admin. Takes an `Idempotency-Key` header. Its delivery log stays readable.',
  })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiNotFoundResponse({ description: 'no live webhook has this id' })
  @ApiErrors(403, 422)
  async remove(@Param('id') id: string): Promise<void> {
    await this.webhooks.delete(id);
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: "A webhook's delivery log, newest first: per notification its attempts, status, last status code, duration and next attempt",
    description: 'Roles: admin. A list: `limit` and `cursor`; `status` keeps one status.',
  })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'delivered', 'failed'] })
  @ApiListQuery()
  @ApiOkResponse({ type: DeliveryPageBody })
  @ApiNotFoundResponse({ description: 'no webhook has this id' })
  @ApiErrors(400, 403)
  deliveries(
    @Param('id') id: string,
    @Query('status') status?: unknown,
    @Query('limit') limit?: unknown,
    @Query('cursor') cursor?: unknown,
  ): Promise<Page<DeliveryView>> {
    const page = pageParams(limit, cursor, 1);
    positionAfter(page);
    return this.webhooks.deliveries(id, oneOfParam('status', status, ['pending', 'delivered', 'failed'] as const), page);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @Idempotent()
  @ApiOperation({
    summary: 'Send one delivery again (same notification, same webhook-id), due at once with a fresh retry window',
    description: 'Roles: admin. Takes an `Idempotency-Key` header. A pending delivery is left as it is.',
  })
  @ApiAcceptedResponse({ type: DeliveryBody })
  @ApiNotFoundResponse({ description: 'no live webhook has this id, or it has no such delivery' })
  @ApiErrors(403, 422)
  replay(@Param('id') id: string, @Param('deliveryId') deliveryId: string): Promise<DeliveryView> {
    return this.webhooks.replay(id, deliveryId);
  }
}
