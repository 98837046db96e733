import type { MessageVerdict } from './message-verdict';

export interface IngestionCounts {
  /** Messages read and decided on (committed). */
  consumed: number;
  accepted: number;
  duplicate: number;
  deadLettered: number;
  /** The dead letters by reason. */
  unparseable: number;
  rejected: number;
  conflict: number;
  unstorable: number;
}

/** Where this instance stands on one partition, as of its last committed chunk. */
export interface PartitionProgress {
  topic: string;
  partition: number;
  /** The next offset to read, as committed for the group. */
  committedOffset: string;
  /** End of the partition when the batch was fetched. */
  highWatermark: string;
  lag: number;
  lastCommitAt: string;
}

/** Counts since start-up and per-partition progress; what /health and the logs report. */
export class IngestionStats {
  readonly counts: IngestionCounts = {
    consumed: 0,
    accepted: 0,
    duplicate: 0,
    deadLettered: 0,
    unparseable: 0,
    rejected: 0,
    conflict: 0,
    unstorable: 0,
  };
  private readonly partitions = new Map<string, PartitionProgress>();

  record(
    topic: string,
    partition: number,
    verdicts: readonly MessageVerdict[],
    committedOffset: string,
    highWatermark: string,
  ): PartitionProgress {
    for (const verdict of verdicts) {
      this.counts.consumed++;
      this.counts[verdict.status]++;
      if (verdict.status !== 'accepted' && verdict.status !== 'duplicate') this.counts.deadLettered++;
    }
    const progress: PartitionProgress = {
      topic,
      partition,
      committedOffset,
      highWatermark,
      lag: Math.max(0, Number(BigInt(highWatermark) - BigInt(committedOffset))),
      lastCommitAt: new Date().toISOString(),
    };
    this.partitions.set(`${topic}/${partition}`, progress);
    return progress;
  }

  progress(): PartitionProgress[] {
    return [...this.partitions.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }
}
