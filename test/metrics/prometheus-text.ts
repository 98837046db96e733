/*
 * A strict reader of the Prometheus text exposition format (version 0.0.4), so the tests judge
 * /metrics as a scraper would: every line is a HELP, a TYPE, a comment or a sample; every sample
 * belongs to a family whose TYPE came first; no series twice; histogram buckets cumulative and
 * ending in +Inf equal to _count. Anything else throws, naming the line.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help?: string;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_NAME = '[a-zA-Z_][a-zA-Z0-9_]*';
const LABEL_VALUE = '(?:[^"\\\\\\n]|\\\\[\\\\"n])*';
const VALUE = '(?:[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|[Nn]a[Nn]|[+-]Inf)';
const SAMPLE = new RegExp(
  `^(${NAME})(?:\\{((?:${LABEL_NAME}="${LABEL_VALUE}")(?:,${LABEL_NAME}="${LABEL_VALUE}")*,?)?\\})? (${VALUE})(?: -?\\d+)?$`,
);
const LABEL = new RegExp(`(${LABEL_NAME})="(${LABEL_VALUE})"`, 'g');
const HELP = new RegExp(`^# HELP (${NAME}) (.*)$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);

const SUFFIXES: Record<Family['type'], string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const helps = new Set<string>();
  const series = new Set<string>();
  text.split('\n').forEach((line, index) => {
    const where = `line ${index + 1} "${line}"`;
    if (line.trim() === '') return;
    const help = HELP.exec(line);
    if (help) {
      if (helps.has(help[1])) throw new Error(`${where}: second HELP for ${help[1]}`);
      helps.add(help[1]);
      const family = families.get(help[1]);
      if (family) family.help = help[2];
      return;
    }
    const type = TYPE.exec(line);
    if (type) {
      if (families.has(type[1])) throw new Error(`${where}: second TYPE for ${type[1]}`);
      families.set(type[1], { name: type[1], type: type[2] as Family['type'], samples: [] });
      return;
    }
    if (line.startsWith('#')) {
      if (/^# (HELP|TYPE)\b/.test(line)) throw new Error(`${where}: malformed ${line.split(' ')[1]}`);
      return;
    }
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`${where}: not a sample`);
    const [, name, rawLabels, rawValue] = sample;
    const family = familyOf(families, name);
    if (!family) throw new Error(`${where}: sample before the TYPE of its family`);
    const labels: Record<string, string> = {};
    for (const [, label, value] of (rawLabels ?? '').matchAll(LABEL)) {
      if (label in labels) throw new Error(`${where}: label ${label} twice`);
      labels[label] = value.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (series.has(key)) throw new Error(`${where}: the same series twice`);
    series.add(key);
    const value = rawValue === '+Inf' ? Infinity : rawValue === '-Inf' ? -Infinity : Number(rawValue);
    if (family.type === 'counter' && !(value >= 0)) throw new Error(`${where}: a counter below 0`);
    family.samples.push({ name, labels, value });
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function familyOf(families: Map<string, Family>, sampleName: string): Family | undefined {
  for (const family of families.values()) {
    for (const suffix of SUFFIXES[family.type]) if (`${family.name}${suffix}` === sampleName) return family;
  }
  return undefined;
}

function checkHistogram(family: Family): void {
  const byLabels = new Map<string, { buckets: Array<[number, number]>; count?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = byLabels.get(key) ?? { buckets: [] };
    if (sample.name.endsWith('_bucket')) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      entry.buckets.push([le === '+Inf' ? Infinity : Number(le), sample.value]);
    } else if (sample.name.endsWith('_count')) entry.count = sample.value;
    byLabels.set(key, entry);
  }
  for (const [labels, { buckets, count }] of byLabels) {
    const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
    sorted.forEach(([, value], index) => {
      if (index > 0 && value < sorted[index - 1][1]) throw new Error(`${family.name}${labels}: buckets not cumulative`);
    });
    const last = sorted[sorted.length - 1];
    if (!last || last[0] !== Infinity) throw new Error(`${family.name}${labels}: no +Inf bucket`);
    if (last[1] !== count) throw new Error(`${family.name}${labels}: +Inf bucket ${last[1]} differs from _count ${count}`);
  }
}

/** The value of one series: the sample of `name` whose labels include `labels`, summed when several match. */
export function valueOf(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined {
  const matching = [...families.values()]
    .flatMap((family) => family.samples)
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  return matching.length === 0 ? undefined : matching.reduce((sum, sample) => sum + sample.value, 0);
}
