import { Counter, Gauge, type Registry } from 'prom-client';
import { probe } from '@ledger/platform/process';
import type { IngestionCounts, IngestorStatus, PartitionLag } from '@ledger/ingestion/kafka';

/** The broker may hang while it is away; a scrape answers anyway, with the lag this instance last saw. */
const LAG_TIMEOUT_MILLIS = 2000;
const SNAPSHOT_REUSE_MILLIS = 1000;

const VERDICTS = ['accepted', 'duplicate', 'unparseable', 'rejected', 'conflict', 'unstorable'] as const satisfies ReadonlyArray<
  keyof IngestionCounts
>;
const DEAD_LETTER_REASONS = ['unparseable', 'rejected', 'conflict', 'unstorable'] as const satisfies ReadonlyArray<keyof IngestionCounts>;

export interface KafkaIngestorView {
  status(): IngestorStatus;
  groupLag(): Promise<PartitionLag[]>;
}

interface Snapshot {
  status: IngestorStatus;
  lag: Array<{ topic: string; partition: number; lag: number }>;
}

/**
 * The Kafka ingestor's metrics, read at scrape time from what its /health reports: messages
 * committed by verdict, dead letters by reason, the committed offset and lag of every partition.
 * The lag is the group's, read from the broker (so every instance reports every partition: use
 * max by (topic, partition) across instances), or this instance's last view when the broker is slow.
 */
export function registerKafkaMetrics(registry: Registry, ingestor: KafkaIngestorView): void {
  let latest: { at: number; snapshot: Promise<Snapshot> } | undefined;
  const snapshot = (): Promise<Snapshot> => {
    if (!latest || Date.now() - latest.at > SNAPSHOT_REUSE_MILLIS) {
      const taken = (async () => {
        const status = ingestor.status();
        const lag = await probe(ingestor.groupLag(), LAG_TIMEOUT_MILLIS);
        return { status, lag: lag.ok ? lag.value : status.partitions };
      })();
      latest = { at: Date.now(), snapshot: taken };
    }
    return latest.snapshot;
  };

  new Counter({
    name: 'ledger_kafka_messages_committed_total',
    help: 'Messages consumed, decided on and committed (offsets move only after the append and any dead letter are durable), by verdict',
    labelNames: ['verdict'] as const,
    registers: [registry],
    async collect() {
      const { counts } = (await snapshot()).status;
      this.reset();
      for (const verdict of VERDICTS) this.inc({ verdict }, counts[verdict]);
    },
  });
  new Counter({
    name: 'ledger_kafka_dead_letters_total',
    help: 'Messages sent to the dead-letter topic, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
    async collect() {
      const { counts } = (await snapshot()).status;
      this.reset();
      for (const reason of DEAD_LETTER_REASONS) this.inc({ reason }, counts[reason]);
    },
  });
  new Gauge({
    name: 'ledger_kafka_committed_offset',
    help: 'Next offset to read on a partition, as this instance last committed it',
    labelNames: ['topic', 'partition'] as const,
    registers: [registry],
    async collect() {
      const { partitions } = (await snapshot()).status;
      this.reset();
      for (const entry of partitions) this.set({ topic: entry.topic, partition: String(entry.partition) }, Number(entry.committedOffset));
    },
  });
  new Gauge({
    name: 'ledger_kafka_partition_lag',
    help: 'Messages on a partition not yet committed by the consumer group',
    labelNames: ['topic', 'partition'] as const,
    registers: [registry],
    async collect() {
      const { lag } = await snapshot();
      this.reset();
      for (const entry of lag) this.set({ topic: entry.topic, partition: String(entry.partition) }, entry.lag);
    },
  });
  new Gauge({
    name: 'ledger_kafka_assigned_partitions',
    help: 'Partitions this instance owns since the last rebalance',
    registers: [registry],
    async collect() {
      const { assignment } = (await snapshot()).status;
      this.set(Object.values(assignment).reduce((sum, partitions) => sum + partitions.length, 0));
    },
  });
  new Gauge({
    name: 'ledger_kafka_consumer_running',
    help: '1 while the consumer runs; 0 while it starts, restarts, stops or has given up',
    registers: [registry],
    async collect() {
      this.set((await snapshot()).status.state === 'running' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'ledger_kafka_store_outage',
    help: '1 while a chunk waits for the event store to answer (nothing is committed meanwhile)',
    registers: [registry],
    async collect() {
      this.set((await snapshot()).status.storeOutage ? 1 : 0);
    },
  });
}
