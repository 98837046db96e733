import fc from 'fast-check';
import { canonicalJson, joinPath, keyStep } from '@ledger/kernel';
import { KEYS, bearer } from '../support/test-app';
import { mutatedEvent, FRESH_ID, toJsonText, type Json, type Mutation } from './support/cloud-events';
import {
  checkAnswer,
  describeExchange,
  FuzzApp,
  fuzzParameters,
  namesField,
  type Fingerprint,
  type RawRequest,
  type RawResponse,
} from './support/fuzz-app';
import { applyRawChange, contentType, mediaKind, rawChange, type ChangedBody } from './support/raw-body';

/**
 * POST /v1/events under random and mutated CloudEvents of every type, single and batched, as JSON
 * text that is sometimes broken on purpose (repeated keys, bytes that are not UTF-8, nesting,
 * truncation, odd media types). Whatever is sent:
 * - no 5xx, and every error answer in the one error shape naming the field;
 * - a certainly broken event is `rejected` naming the broken field, a pristine one `accepted`;
 * - what is stored is exactly the accepted events, each once and as sent; a request that stores
 *   nothing changes nothing (store head and every read-model table);
 * - every accepted fact can be applied: after the projections catch up, /health is 200.
 */

interface Planned {
  event: Json;
  mutations: Mutation[];
  /** A re-send of an event stored earlier: must be `duplicate` (or `conflict` when changed), at its first position. */
  replayOf?: { position: number; changed: boolean };
  /** A copy of the batch's first event: answered like it, once it is stored. */
  repeatsFirst?: boolean;
}

describe('fuzz: POST /v1/events', () => {
  let f: FuzzApp;
  let ids = 0;
  /** Events stored by earlier cases, to send again. */
  const stored: Array<{ event: Json; position: number }> = [];

  beforeAll(async () => {
    f = await FuzzApp.start();
    await f.seed();
  }, 120_000);
  afterAll(async () => {
    f?.report('POST /v1/events');
    await f?.close();
  });

  it('answers every event with a verdict naming the field, stores exactly the accepted ones once, and nothing else', async () => {
    // Known good between cases; a failed case leaves it unset so the next one (a shrink step) starts afresh.
    let known: Fingerprint | undefined;
    const plan = fc.record({
      events: fc.array(mutatedEvent, { minLength: 1, maxLength: 4 }),
      single: fc.boolean(),
      replay: fc.option(fc.record({ index: fc.nat(), changed: fc.boolean() }), { freq: 4 }),
      repeatFirst: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
      raw: rawChange,
      contentType,
      oversized: fc.nat(200).map((n) => n === 0),
    });
    await fc.assert(
      fc.asyncProperty(plan, async (p) => {
        const planned: Planned[] = p.events.map(({ event, mutations }) => ({ event: freshId(structuredClone(event)), mutations }));
        if (p.replay && stored.length > 0) {
          const earlier = stored[p.replay.index % stored.length];
          const event = structuredClone(earlier.event);
          if (p.replay.changed) event.subject = `changed-${ids}`;
          planned.push({ event, mutations: [], replayOf: { position: earlier.position, changed: p.replay.changed } });
        }
        if (p.repeatFirst) planned.push({ event: structuredClone(planned[0].event), mutations: [], repeatsFirst: true });
        const asArray = !(p.single && planned.length === 1);
        let value: unknown = asArray ? planned.map((item) => item.event) : planned[0].event;
        if (p.oversized) value = Array.from({ length: 1001 }, (_, i) => ({ ...planned[0].event, id: `over-${ids}-${i}` }));
        const text0 = toJsonText(value);
        // The first member of the first event, repeated: the strict reader must name it.
        const isArray = Array.isArray(value);
        const firstKey = Object.keys(isArray ? (value as Json[])[0] : (value as Json))[0];
        const repeat =
          firstKey === undefined
            ? undefined
            : { objectStart: isArray ? 1 : 0, key: firstKey, path: joinPath(isArray ? '[0]' : '', keyStep(firstKey)) };
        const changed = applyRawChange(text0, value, p.raw, repeat);
        const body = changed.body;
        const request: RawRequest = {
          method: 'POST',
          path: '/v1/events',
          headers: { ...bearer(KEYS.ingest), ...(p.contentType ? { 'Content-Type': p.contentType } : {}) },
          body,
        };
        if (!known) {
          await f.catchUp();
          known = await f.fingerprint();
        }
        const before = known;
        known = undefined;
        const headBefore = Number(before.head);
        const response = await f.send(request);
        f.count('POST /v1/events', response.status);

        const expected = expectedStatus(p.contentType, changed);
        checkAnswer(request, response, { statuses: expected.statuses, fields: expected.fields });
        const results: Verdict[] = response.status === 200 ? response.json.results : [];
        // The events as the server read them (an empty body reads as {}).
        const text = body.toString('utf8').replace(/^\uFEFF/, '');
        const sent = response.status === 200 ? (text.trim() === '' ? {} : (JSON.parse(text) as unknown)) : undefined;
        const sentEvents = Array.isArray(sent) ? sent : [sent];
        if (response.status === 200) checkVerdicts(request, response, planned, asArray, Array.isArray(sent), sentEvents.length, results);

        // What was stored must be exactly the accepted events, once each, as sent.
        const rows = await f.db.query<{ position: string; source: string; event_id: string; envelope: string }>(
          `SELECT position, source, event_id, envelope FROM ledger_events WHERE position > $1 AND source <> 'partner-ledger' ORDER BY position`,
          [headBefore],
        );
        const accepted = results.map((result, index) => ({ result, index })).filter(({ result }) => result.status === 'accepted');
        const actual = rows.map((row) => ({
          position: Number(row.position),
          source: row.source,
          id: row.event_id,
          envelope: canonicalJson(JSON.parse(row.envelope)),
        }));
        const wanted = accepted.map(({ result, index }) => ({
          position: result.position,
          source: result.source,
          id: result.id,
          envelope: canonicalJson(sentEvents[index]),
        }));
        if (JSON.stringify(actual) !== JSON.stringify(wanted)) {
          throw new Error(
            `stored events differ from the accepted ones:\n  stored:   ${JSON.stringify(actual).slice(0, 1500)}\n  accepted: ${JSON.stringify(wanted).slice(0, 1500)}\n${describeExchange(request, response)}`,
          );
        }

        if (accepted.length === 0) {
          await f.expectUnchanged(before, request, response, `nothing was accepted (${response.status})`);
          known = before;
          return;
        }
        for (const { result, index } of accepted) {
          stored.push({ event: sentEvents[index] as Json, position: result.position! });
          if (stored.length > 60) stored.shift();
        }
        // Anything accepted must be applicable: no projection may skip it as an exception.
        await f.catchUp();
        await f.expectHealthy(request, response);
        known = await f.fingerprint();
      }),
      fuzzParameters(2000),
    );
  }, 600_000);

  function freshId(event: Json): Json {
    if (event.id === FRESH_ID) event.id = `fz-${process.pid}-${++ids}`;
    return event;
  }
});

/** The statuses (and field) a request must get from its media type and what was done to its bytes. */
function expectedStatus(type: string, changed: ChangedBody): { statuses: number[]; fields?: string[] } {
  const media = mediaKind(type);
  if (media === 'bad-charset') return { statuses: [415] };
  if (media === 'unread') return { statuses: [400] };
  const { effect } = changed;
  if (effect.refused === true) return { statuses: [400], fields: effect.field ? [effect.field] : undefined };
  // A truncated body may still read: an empty one reads as {}, one event without anything.
  if (effect.refused === 'maybe') return { statuses: [200, 400] };
  const value = effect.value;
  if (value === null || typeof value !== 'object' || (Array.isArray(value) && value.length === 0)) return { statuses: [400] };
  if (Array.isArray(value) && value.length > 1000) return { statuses: [413] };
  return { statuses: [200] };
}

/** Each event's verdict against what was done to it. */
interface Verdict {
  id: unknown;
  source: unknown;
  status: string;
  errors: Array<{ path: string; message: string }>;
  position?: number;
}

function checkVerdicts(
  request: RawRequest,
  response: RawResponse,
  planned: Planned[],
  plannedArray: boolean,
  sentArray: boolean,
  sentCount: number,
  results: Verdict[],
): void {
  const fail = (why: string) => {
    throw new Error(`${why}\n${describeExchange(request, response)}`);
  };
  if (!Array.isArray(results) || results.length !== sentCount) fail('results do not match the events sent');
  // Only the plain request (no raw change) lines verdicts up with the planned events.
  const text = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : String(request.body);
  const plain = text === toJsonText(plannedArray ? planned.map((item) => item.event) : planned[0].event);
  for (const [index, result] of results.entries()) {
    const prefix = sentArray ? `[${index}]` : '';
    if (!['accepted', 'duplicate', 'conflict', 'rejected'].includes(result.status))
      fail(`verdict ${index} is ${JSON.stringify(result.status)}`);
    if (result.status === 'rejected') {
      if (!Array.isArray(result.errors) || result.errors.length === 0) fail(`event ${index} is rejected without errors`);
      for (const error of result.errors) {
        if (typeof error.path !== 'string' || typeof error.message !== 'string' || error.message === '')
          fail(`event ${index} has an error that is not {path, message}`);
        if (sentArray && !error.path.startsWith(prefix)) fail(`an error of event ${index} is not under ${prefix}: ${error.path}`);
      }
    } else if (!Number.isSafeInteger(result.position) || result.position! < 1) {
      fail(`event ${index} is ${result.status} without its position`);
    }
    if (!plain) continue;
    const item = planned[index];
    const breaks = item.mutations.map((mutation) => mutation.breaks);
    if (item.replayOf) {
      const status = item.replayOf.changed ? 'conflict' : 'duplicate';
      if (result.status !== status || result.position !== item.replayOf.position)
        fail(`event ${index} was stored before at ${item.replayOf.position}: expected ${status} there`);
      if (status === 'conflict' && !result.errors.some((error) => error.path === joinPath(prefix, 'id')))
        fail(`the conflict of event ${index} does not name id`);
    } else if (item.repeatsFirst) {
      const first = results[0];
      const same = first.status === 'accepted' || first.status === 'duplicate' ? 'duplicate' : first.status;
      if (result.status !== same || (same !== 'rejected' && result.position !== first.position))
        fail(`event ${index} repeats event 0 (${first.status}) but is ${result.status}`);
    } else if (item.mutations.length === 0) {
      if (result.status !== 'accepted') fail(`event ${index} is valid and new, but ${result.status}: ${JSON.stringify(result.errors)}`);
    } else if (breaks.every((field) => field !== undefined)) {
      if (result.status !== 'rejected')
        fail(`event ${index} is broken (${item.mutations.map((m) => m.label).join('; ')}) but ${result.status}`);
      const named = breaks.some((field) => result.errors.some((error) => namesField(error.path, joinPath(prefix, field!))));
      if (!named)
        fail(`the rejection of event ${index} does not name ${breaks.join(' or ')} (${item.mutations.map((m) => m.label).join('; ')})`);
    }
  }
}
