import type { CloudEvent } from '@ledger/contracts';

let counter = 0;

/** A valid upstream event with sensible defaults; tests override what they care about. */
export function cloudEvent(
  type: string,
  data: Record<string, unknown>,
  overrides: Partial<CloudEvent> = {},
): CloudEvent<Record<string, unknown>> {
  counter += 1;
  return {
    specversion: '1.0',
    id: `evt-${process.pid}-${counter}`,
    source: 'test',
    type,
    time: '2026-03-04T10:00:00Z',
    data,
    ...overrides,
  } as CloudEvent<Record<string, unknown>>;
}

export const click = (partnerId: string, visitorId: string, overrides: Partial<CloudEvent> = {}) =>
  cloudEvent('click.recorded', { partnerId, visitorId }, overrides);
