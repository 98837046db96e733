import type { Admin } from 'kafkajs';

/** How far the whole consumer group is behind on one partition, from the broker's point of view. */
export interface PartitionLag {
  topic: string;
  partition: number;
  /** Next offset the group will read; null when the group has committed nothing there yet. */
  committedOffset: string | null;
  /** Offset the next message written to the partition will get. */
  endOffset: string;
  lag: number;
}

/**
 * Lag of the group on every partition of `topics`, read from the broker (committed offsets and
 * partition ends), so it covers partitions owned by other instances and idle ones too.
 */
export async function readGroupLag(admin: Admin, groupId: string, topics: readonly string[]): Promise<PartitionLag[]> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const lag: PartitionLag[] = [];
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const offsets = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
    for (const end of ends.sort((a, b) => a.partition - b.partition)) {
      const offset = offsets.find((entry) => entry.partition === end.partition)?.offset;
      const committedOffset = offset !== undefined && Number(offset) >= 0 ? offset : null;
      const from = BigInt(committedOffset ?? end.low);
      lag.push({
        topic,
        partition: end.partition,
        committedOffset,
        endOffset: end.high,
        lag: Math.max(0, Number(BigInt(end.high) - from)),
      });
    }
  }
  return lag;
}
