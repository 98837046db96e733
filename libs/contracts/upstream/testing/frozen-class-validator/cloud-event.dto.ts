/* FROZEN for the differential test: see field-rules.ts of this folder. */
import { UPSTREAM_EVENT_TYPES } from '../../event-types';
import { DateTime, Exactly, JsonObject, MAX_URL_LENGTH, OneOf, Optional, Required, Text } from './field-rules';

/**
 * The CloudEvents 1.0 envelope (structured mode) as the ledger accepts it. Only the context
 * attributes live here; extension attributes are checked by name in validate-cloud-event.ts and
 * `data` by the DTO of the event's type (event-data.dto.ts).
 */
export class CloudEventEnvelopeDto {
  @Required() @Exactly('1.0', 'CloudEvents 1.0') specversion: '1.0';
  /** With `source`, the idempotency key. */
  @Required() @Text() id: string;
  @Required() @Text() source: string;
  @Required() @OneOf(UPSTREAM_EVENT_TYPES) type: string;
  /** Business time; the zone is mandatory so the instant is unambiguous. */
  @Required() @DateTime() time: string;
  @Required() @JsonObject() data: Record<string, unknown>;
  @Optional() @Text() subject?: string;
  @Optional() @Text() datacontenttype?: string;
  @Optional() @Text(MAX_URL_LENGTH) dataschema?: string;
}
