/** Shared printing for `npm run bench`: a measured figure always sits beside its same-run baseline. */
export interface Measurement {
  label: string;
  /** Operations (events, decisions...) processed. */
  operations: number;
  /** Wall-clock milliseconds taken. */
  millis: number;
}

export function perSecond(m: Measurement): number {
  return m.millis === 0 ? Infinity : (m.operations * 1000) / m.millis;
}

export async function measure(label: string, operations: number, work: () => Promise<unknown> | unknown): Promise<Measurement> {
  const started = process.hrtime.bigint();
  await work();
  const millis = Number(process.hrtime.bigint() - started) / 1e6;
  return { label, operations, millis };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Prints "subject: X ops/s | baseline: Y ops/s | ratio X/Y". */
export function printComparison(title: string, unit: string, subject: Measurement, baseline: Measurement): void {
  const s = perSecond(subject);
  const b = perSecond(baseline);
  console.log(
    `${title}\n` +
      `  ${subject.label.padEnd(52)} ${fmt(s).padStart(12)} ${unit}/s  (${subject.operations} in ${subject.millis.toFixed(0)} ms)\n` +
      `  ${baseline.label.padEnd(52)} ${fmt(b).padStart(12)} ${unit}/s  (${baseline.operations} in ${baseline.millis.toFixed(0)} ms)\n` +
      `  ratio subject/baseline: ${(s / b).toFixed(3)}`,
  );
}
