/*
 * A single-node Apache Kafka (KRaft, combined broker + controller) for development, tests and
 * benchmarks, built from Apache Kafka's own jars on Maven Central: no Docker and no Apache
 * download mirror needed, only `java` (17+) and `mvn`.
 *
 *   node -r @swc-node/register scripts/kafka.ts start [--port 9092] [--dir .cache/kafka/run]
 *   node -r @swc-node/register scripts/kafka.ts stop|status [--dir ...]
 *   node -r @swc-node/register scripts/kafka.ts create-topic <name> [--partitions 3] [--dir ...]
 *   node -r @swc-node/register scripts/kafka.ts fetch          (download the jars only)
 *
 * The test set-up and the Kafka benchmark import startKafka() from here.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * Newest Kafka release, verified with kafkajs 2.2.4 (produce, consume, consumer groups with
 * commits, admin). Kafka 4 removed old protocol versions (KIP-896) but kept every version
 * kafkajs negotiates; see docs/kafka.md.
 */
export const VERIFIED_KAFKA_VERSION = '4.4.0';
/** KAFKA_VERSION picks another release, e.g. 3.9.1 (the last line with the pre-KIP-896 protocol versions). */
export const DEFAULT_KAFKA_VERSION = process.env.KAFKA_VERSION || VERIFIED_KAFKA_VERSION;

const ROOT = resolve(__dirname, '..');
const CACHE_DIR = resolve(process.env.KAFKA_CACHE_DIR ?? join(ROOT, '.cache/kafka'));
const DEFAULT_STATE_DIR = join(CACHE_DIR, 'run');
/** Kafka 4 logs through SLF4J 1.7; the simple binding writes to stderr, which goes to kafka.log. */
const SLF4J_VERSION = '1.7.36';
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

export interface StartKafkaOptions {
  version?: string;
  /** Where the configuration, the data, the log and the pid file live. */
  dir?: string;
  /** Client port; a free one when omitted. */
  port?: number;
  /** Maximum JVM heap. */
  heap?: string;
  /** Stop the broker when this process exits, even if it dies without cleaning up (tests, benchmarks). */
  stopWithProcess?: number;
  /** Milliseconds to wait for the broker to answer. */
  timeoutMillis?: number;
}

export interface RunningKafka {
  /** `host:port` for KAFKA_BROKERS. */
  brokers: string;
  pid: number;
  dir: string;
  version: string;
  stop(): Promise<void>;
}

/** Java or Maven is missing, or the jars could not be fetched: the broker cannot run here. */
export class KafkaUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaUnavailableError';
  }
}

/** Why Kafka cannot run on this machine, or undefined when java and mvn are there. */
export function kafkaPrerequisiteProblem(version = DEFAULT_KAFKA_VERSION): string | undefined {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) return 'java (17 or newer) is not installed';
  const major = /version "(\d+)/.exec(java.stderr)?.[1];
  if (major && Number(major) < 17) return `java ${major} found; Kafka ${version} needs Java 17 or newer`;
  if (existsSync(join(libsDir(version), '.complete'))) return undefined;
  const mvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (mvn.error || mvn.status !== 0) return `mvn is not installed and the Kafka ${version} jars are not cached in ${libsDir(version)}`;
  return undefined;
}

function libsDir(version: string): string {
  return join(CACHE_DIR, version, 'libs');
}

/** Downloads Kafka's server jars and their runtime dependencies from Maven Central once. */
export async function fetchKafkaJars(version = DEFAULT_KAFKA_VERSION): Promise<string> {
  const libs = libsDir(version);
  if (existsSync(join(libs, '.complete'))) return libs;
  const work = join(CACHE_DIR, version, `fetch-${process.pid}-${randomBytes(3).toString('hex')}`);
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'pom.xml'), pom(version));
  try {
    await run('mvn', [
      '-q',
      '-B',
      '-f',
      join(work, 'pom.xml'),
      `${DEPENDENCY_PLUGIN}:copy-dependencies`,
      '-DincludeScope=runtime',
      `-DoutputDirectory=${join(work, 'libs')}`,
    ]);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw new KafkaUnavailableError(`could not fetch Kafka ${version} from Maven Central: ${(error as Error).message}`);
  }
  writeFileSync(join(work, 'libs', '.complete'), `${new Date().toISOString()}\n`);
  // A rename publishes the jars all at once; a concurrent fetch that lost the race just cleans up.
  if (!existsSync(join(libs, '.complete'))) {
    rmSync(libs, { recursive: true, force: true });
    try {
      renameSync(join(work, 'libs'), libs);
    } catch (error) {
      if (!existsSync(join(libs, '.complete'))) throw error;
    }
  }
  rmSync(work, { recursive: true, force: true });
  return libs;
}

function pom(version: string): string {
  const dependency = (groupId: string, artifactId: string, v: string, exclusions = '') =>
    `    <dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${v}</version>${exclusions}</dependency>`;
  // kafka-tools-api holds only the console tools' decoder interfaces, which the broker never
  // loads, and its 4.4.0 jar is missing from Maven Central.
  const withoutToolsApi =
    '<exclusions><exclusion><groupId>org.apache.kafka</groupId><artifactId>kafka-tools-api</artifactId></exclusion></exclusions>';
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.partner-ledger</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
${dependency('org.apache.kafka', 'kafka_2.13', version, withoutToolsApi)}
${dependency('org.slf4j', 'slf4j-simple', SLF4J_VERSION)}
  </dependencies>
</project>
`;
}

/** Formats (first time) and starts the broker, and resolves once it answers Kafka requests. */
export async function startKafka(options: StartKafkaOptions = {}): Promise<RunningKafka> {
  const version = options.version ?? DEFAULT_KAFKA_VERSION;
  const problem = kafkaPrerequisiteProblem(version);
  if (problem) throw new KafkaUnavailableError(problem);
  const libs = await fetchKafkaJars(version);
  const dir = resolve(options.dir ?? DEFAULT_STATE_DIR);
  mkdirSync(dir, { recursive: true });
  const existing = readStatus(dir);
  if (existing)
    throw new Error(`a broker started from ${dir} is already running (pid ${existing.pid}, ${existing.brokers}); stop it first`);

  const port = options.port ?? (await freePort());
  const controllerPort = await freePort();
  const properties = join(dir, 'server.properties');
  writeFileSync(properties, serverProperties(dir, port, controllerPort));
  const classpath = `${libs}/*`;
  if (!existsSync(join(dir, 'data', 'meta.properties'))) {
    await run('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', properties]);
  }

  const logFile = join(dir, 'kafka.log');
  const log = openSync(logFile, 'w');
  const child = spawn(
    'java',
    [
      `-Xmx${options.heap ?? '512m'}`,
      '-Xms128m',
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
      '-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info',
      '-cp',
      classpath,
      'kafka.Kafka',
      properties,
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  child.unref();
  const pid = child.pid as number;
  const brokers = `127.0.0.1:${port}`;
  writeFileSync(join(dir, 'kafka.pid'), `${pid}\n`);
  writeFileSync(join(dir, 'brokers'), `${brokers}\n`);
  if (options.stopWithProcess) watchParent(options.stopWithProcess, pid);

  const running: RunningKafka = { brokers, pid, dir, version, stop: () => stopKafka(dir) };
  try {
    await waitUntilReady(brokers, pid, logFile, options.timeoutMillis ?? 90_000);
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
}

function serverProperties(dir: string, port: number, controllerPort: number): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${join(dir, 'data')}`,
    'num.partitions=1',
    // One node: every internal topic has one replica; one offsets partition starts the group coordinator fast.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // Tests start consumers one after another; waiting for more members only slows them down.
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=true',
    '',
  ].join('\n');
}

/** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding (what `kafka-storage random-uuid` prints). */
function clusterId(): string {
  return randomBytes(16).toString('base64url');
}

async function waitUntilReady(brokers: string, pid: number, logFile: string, timeoutMillis: number): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const started = Date.now();
  const [host, port] = brokers.split(':');
  let lastError = 'no answer yet';
  while (Date.now() - started < timeoutMillis) {
    if (!isAlive(pid)) throw new Error(`Kafka exited during start-up; last lines of ${logFile}:\n${tail(logFile)}`);
    if (await canConnect(host, Number(port))) {
      const admin = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 2000 }).admin();
      try {
        await admin.connect();
        await admin.describeCluster();
        // Consumers need the group coordinator, which exists only once the offsets topic is
        // created and loaded; a fresh broker on a busy machine can take long enough for a
        // consumer's join retries to run out, so the broker is ready only when it answers.
        await admin.describeGroups(['kafka-readiness-probe']);
        return;
      } catch (error) {
        lastError = (error as Error).message;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    }
    await sleep(250);
  }
  throw new Error(
    `Kafka did not answer on ${brokers} within ${timeoutMillis} ms (${lastError}); last lines of ${logFile}:\n${tail(logFile)}`,
  );
}

/** Stops the broker started from `dir` (SIGTERM, then SIGKILL after 20 s) and forgets its pid. */
export async function stopKafka(dir = DEFAULT_STATE_DIR): Promise<void> {
  const status = readStatus(resolve(dir));
  if (status) {
    try {
      process.kill(status.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const deadline = Date.now() + 20_000;
    while (isAlive(status.pid) && Date.now() < deadline) await sleep(100);
    if (isAlive(status.pid)) process.kill(status.pid, 'SIGKILL');
  }
  rmSync(join(resolve(dir), 'kafka.pid'), { force: true });
}

/** The broker started from `dir`, if its process still runs. */
export function readStatus(dir = DEFAULT_STATE_DIR): { pid: number; brokers: string } | undefined {
  const pidFile = join(dir, 'kafka.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!pid || !isAlive(pid)) return undefined;
  const brokers = existsSync(join(dir, 'brokers')) ? readFileSync(join(dir, 'brokers'), 'utf8').trim() : '?';
  return { pid, brokers };
}

/** A detached shell that stops the broker once `parent` is gone, so a killed test run leaves no JVM behind. */
function watchParent(parent: number, broker: number): void {
  const watcher = spawn(
    'sh',
    [
      '-c',
      `while kill -0 ${parent} 2>/dev/null && kill -0 ${broker} 2>/dev/null; do sleep 2; done; kill -0 ${parent} 2>/dev/null || kill ${broker} 2>/dev/null`,
    ],
    {
      detached: true,
      stdio: 'ignore',
    },
  );
  watcher.unref();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = new Socket();
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(1000);
    socket.once('connect', () => finish(true));
    socket.once('timeout', () => finish(false));
    socket.once('error', () => finish(false));
    socket.connect(port, host);
  });
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no free port'))));
    });
  });
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    execFile(command, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return done();
      const output = `${stdout}${stderr}`.trim().split('\n').slice(-15).join('\n');
      fail(new Error(`${command} ${args.slice(0, 4).join(' ')} … failed: ${error.message}${output ? `\n${output}` : ''}`));
    });
  });
}

function tail(file: string, lines = 25): string {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n') : '(no log)';
}

const sleep = (millis: number) => new Promise((done) => setTimeout(done, millis));

async function cli(argv: string[]): Promise<void> {
  const [command = 'status', ...rest] = argv;
  const option = (name: string) => {
    const index = rest.indexOf(`--${name}`);
    return index >= 0 ? rest[index + 1] : undefined;
  };
  const dir = resolve(option('dir') ?? DEFAULT_STATE_DIR);
  const version = option('version') ?? DEFAULT_KAFKA_VERSION;
  switch (command) {
    case 'fetch':
      console.log(`Kafka ${version} jars in ${await fetchKafkaJars(version)}`);
      return;
    case 'start': {
      const port = Number(option('port') ?? process.env.KAFKA_PORT ?? 9092);
      const kafka = await startKafka({ version, dir, port });
      console.log(
        `Kafka ${version} (KRaft, single node) is up: KAFKA_BROKERS=${kafka.brokers} (pid ${kafka.pid}; data and kafka.log in ${dir})`,
      );
      return;
    }
    case 'stop': {
      const status = readStatus(dir);
      await stopKafka(dir);
      console.log(status ? `stopped Kafka (pid ${status.pid})` : `no Kafka running from ${dir}`);
      return;
    }
    case 'status': {
      const status = readStatus(dir);
      console.log(status ? `running: KAFKA_BROKERS=${status.brokers} (pid ${status.pid})` : `not running (state dir ${dir})`);
      if (!status) process.exitCode = 3;
      return;
    }
    case 'create-topic': {
      const topic = rest[0];
      const status = readStatus(dir);
      if (!topic || topic.startsWith('--')) throw new Error('usage: create-topic <name> [--partitions N] [--dir D]');
      if (!status) throw new Error(`no Kafka running from ${dir}; start it first`);
      const { Kafka, logLevel } = await import('kafkajs');
      const admin = new Kafka({ brokers: [status.brokers], logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        const created = await admin.createTopics({
          topics: [{ topic, numPartitions: Number(option('partitions') ?? 3) }],
          waitForLeaders: true,
        });
        console.log(created ? `created ${topic} on ${status.brokers}` : `${topic} already exists on ${status.brokers}`);
      } finally {
        await admin.disconnect();
      }
      return;
    }
    default:
      throw new Error(
        `unknown command "${command}": use start [--port N] [--dir D] [--version V], stop, status, create-topic <name> or fetch`,
      );
  }
}

if (require.main === module) {
  cli(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
