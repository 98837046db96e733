import { probe } from '@ledger/platform/process';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { IngestorConfig } from '@ledger/platform/config';
import { EVENT_STORE, type EventStore } from '@ledger/platform/event-store';
import { KafkaIngestorHost, type PartitionLag } from '@ledger/ingestion/kafka';
import { INGESTOR_CONFIG } from '../config.token';

/** Broker round trips may hang while Kafka is away; /health answers anyway. */
const LAG_TIMEOUT_MILLIS = 3000;

@Controller('health')
export class HealthController {
  constructor(
    private readonly host: KafkaIngestorHost,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(INGESTOR_CONFIG) private readonly config: IngestorConfig,
  ) {}

  /**
   * Liveness, counts since start-up, and the group's lag per partition. 200 `ok` only while the
   * consumer runs and the broker and the store answer; 503 `degraded` while it (re)starts or a
   * dependency is away (it recovers by itself), 503 `down` once the consumer gave up.
   */
  @Get()
  async health(@Res({ passthrough: true }) response: Response) {
    const status = this.host.ingestor.status();
    const [lag, head] = await Promise.all([
      probe(this.host.ingestor.groupLag(), LAG_TIMEOUT_MILLIS),
      probe(this.store.headPosition(), LAG_TIMEOUT_MILLIS),
    ]);
    const assigned = (entry: PartitionLag) => (status.assignment[entry.topic] ?? []).includes(entry.partition);
    const down = status.state === 'failed' || status.state === 'stopped';
    const ok = !down && status.state === 'running' && !status.storeOutage && lag.ok && head.ok;
    if (!ok) response.status(503);
    return {
      status: down ? 'down' : ok ? 'ok' : 'degraded',
      consumer: {
        state: status.state,
        groupId: status.groupId,
        topics: status.topics,
        memberId: status.memberId,
        assignment: status.assignment,
      },
      ...(status.storeOutage ? { storeOutage: status.storeOutage } : {}),
      counts: status.counts,
      partitions: lag.ok ? lag.value.map((entry) => ({ ...entry, assignedHere: assigned(entry) })) : status.partitions,
      ...(lag.ok ? {} : { lagError: lag.error }),
      eventStore: head.ok
        ? { kind: this.config.eventStore, headPosition: head.value }
        : { kind: this.config.eventStore, error: head.error },
    };
  }
}
