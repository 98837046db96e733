import fc from 'fast-check';
import { canonicalJson, keyStep } from '@ledger/kernel';
import { nulCharacterProblems } from '@ledger/contracts';
import { Dec } from '@ledger/kernel';
import { SimulationJobs } from '@ledger/simulation/application';
import { KEYS } from '../../support/test-app';
import { anyString, encodeSegment, idString, pathSegment } from './arbitraries';
import {
  adjustment,
  adjustmentMutations,
  adoption,
  adoptionMutations,
  FRESH_VERSION,
  payoutRun,
  payoutRunMutations,
  retraction,
  retractionMutations,
  simulation,
  simulationMutations,
} from './finance-bodies';
import {
  checkAnswer,
  describeExchange,
  FuzzApp,
  fuzzParameters,
  type Fingerprint,
  type RawRequest,
  type RawResponse,
  type Seeded,
} from './fuzz-app';
import { certainlyBroken, mutatedBody, type BodyMutation, type Json } from './json-body';
import { applyRawChange, contentType, mediaKind, rawChange, type ChangedBody, type RawChange } from './raw-body';

/**
 * The recording endpoints of SPEC §5 (adjustments, payout runs, policy adoptions and retractions,
 * simulations) under valid and mutated bodies, broken JSON bytes, odd media types and every kind
 * of Idempotency-Key (none, fresh, malformed, replayed with the same or another body). Whatever
 * is sent: no 5xx; a 400 names the field; a rejected request, and a replayed one, changes nothing
 * (store head and every read-model table); an accepted one records exactly what it answered, and
 * the ledger can apply it (/health stays 200).
 */

type Idem =
  { kind: 'none' } | { kind: 'fresh' } | { kind: 'malformed'; value: string } | { kind: 'replay'; index: number; sameBody: boolean };

const idempotency: fc.Arbitrary<Idem> = fc.oneof(
  { weight: 14, arbitrary: fc.constant<Idem>({ kind: 'none' }) },
  { weight: 4, arbitrary: fc.constant<Idem>({ kind: 'fresh' }) },
  // Node's client refuses control characters in a header; everything it can send is here.
  {
    weight: 1,
    arbitrary: fc.constantFrom('', ' ', 'a b', 'x'.repeat(256), 'clé', '\u00ff\u00fe').map((value): Idem => ({ kind: 'malformed', value })),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replay' as const), index: fc.nat(), sameBody: fc.boolean() }) },
);

/** A request answered with success under an Idempotency-Key, to send again. */
interface Kept {
  key: string;
  request: RawRequest;
  response: RawResponse;
  /** The body as the server read it (canonical JSON; "null" when it was not read at all). */
  effective: string;
}

interface CommandSpec {
  endpoint: string;
  method: 'POST' | 'DELETE';
  apiKey: string;
  /** Statuses a valid body gets (per case, e.g. 404 for an unknown adoption). */
  success: number;
  /** Statuses when the body cannot be read at all (no JSON media type). */
  unread: number[];
  /** Fills in fresh values (version) and picks the path; may say the valid body gets another status. */
  prepare(body: Json, extra: number): { path: string; expect?: number[]; junkPath?: boolean };
  /** Records nothing (simulations): an accepted request must leave the store as it was. */
  readOnly?: boolean;
  /** Checks an accepted request did what it answered; returns a problem or undefined. */
  verify(request: RawRequest, response: RawResponse, sent: Json, headBefore: number): Promise<string | undefined>;
}

export type CommandName = 'payout-runs' | 'adoptions' | 'retractions' | 'simulations' | 'adjustments';

/** A describe block fuzzing the named recording endpoints, in the order given, each with about `runs` cases, on one app. */
export function describeCommandFuzz(title: string, endpoints: Partial<Record<CommandName, number>>): void {
  describe(`fuzz: ${title}`, () => {
    let f: FuzzApp;
    let seeded: Seeded;
    let known: Fingerprint | undefined;
    let keys = 0;
    let versions = 0;
    const kept: Kept[] = [];
    /** Adoptions in force (retractable) and taken back (a second retraction is 409). */
    const active: string[] = [];
    const retracted: string[] = [];

    beforeAll(async () => {
      f = await FuzzApp.start();
      seeded = await f.seed();
      active.push(seeded.adoptionId);
    }, 120_000);
    afterAll(async () => {
      f?.report(title);
      await f?.close();
    });

    /** Events of `type` stored after `position`. */
    const newEvents = (type: string, position: number) =>
      f.db.query<{ position: string; envelope: string }>(
        `SELECT position, envelope FROM ledger_events WHERE position > $1 AND type = $2 ORDER BY position`,
        [position, type],
      );

    /**
     * One case: send, check the answer against what was done to the request, then check the
     * store: unchanged after a refusal or a replay, exactly the recorded effect after a success.
     */
    async function runCase(
      spec: CommandSpec,
      plan: { body: Json; mutations: BodyMutation[]; raw: RawChange; contentType: string; idem: Idem },
      extra: number,
    ): Promise<void> {
      const body = structuredClone(plan.body);
      const { path, expect: validStatuses, junkPath } = spec.prepare(body, extra);
      const text = JSON.stringify(body);
      const firstKey = Object.keys(body)[0];
      const changed = applyRawChange(
        text,
        body,
        plan.raw,
        firstKey === undefined ? undefined : { objectStart: 0, key: firstKey, path: keyStep(firstKey) },
      );
      const headers: Record<string, string> = { Authorization: `Bearer ${spec.apiKey}` };
      if (plan.contentType) headers['Content-Type'] = plan.contentType;
      let request: RawRequest = { method: spec.method, path, headers, body: changed.body };
      let replayOf: Kept | undefined;
      let idemKey: string | undefined;
      const replays = kept.filter(
        (entry) => entry.request.method === spec.method && entry.request.path.split('/')[2] === path.split('/')[2],
      );
      if (plan.idem.kind === 'fresh') idemKey = `fz-${process.pid}-${++keys}`;
      if (plan.idem.kind === 'malformed') headers['Idempotency-Key'] = plan.idem.value;
      if (plan.idem.kind === 'replay' && replays.length > 0) {
        replayOf = replays[plan.idem.index % replays.length];
        idemKey = replayOf.key;
        if (plan.idem.sameBody) request = replayOf.request;
      }
      if (idemKey !== undefined) request = { ...request, headers: { ...request.headers, 'Idempotency-Key': idemKey } };
      // Same request for the server: same path and the same body as it reads it (bytes may differ).
      const media = mediaKind(plan.contentType);
      const effective =
        replayOf && plan.idem.kind === 'replay' && plan.idem.sameBody ? replayOf.effective : effectiveBody(media, changed.effect);
      const sameAsKept =
        replayOf !== undefined && request.path === replayOf.request.path && effective !== undefined && effective === replayOf.effective;
      const undecidable = replayOf !== undefined && !sameAsKept && effective === undefined;

      if (!known) {
        await f.catchUp();
        known = await f.fingerprint();
      }
      const before = known;
      known = undefined;
      const response = await f.send(request);
      f.count(spec.endpoint, response.status);

      // What the answer must be.
      const broken = certainlyBroken(plan.mutations);
      const readAsPlanned = media === 'json' && changed.effect.refused === false && changed.effect.value === body;
      let statuses: number[] | undefined;
      let fields: string[] | undefined;
      if (sameAsKept) statuses = [replayOf!.response.status];
      else if (media === 'bad-charset') statuses = [415];
      // A path that names nothing may be refused before or after the body and the key are read.
      else if (junkPath) statuses = [400, 404, 422];
      else if (changed.effect.refused === true && media === 'json') {
        statuses = [400];
        fields = changed.effect.field ? [changed.effect.field] : undefined;
      } else if (plan.idem.kind === 'malformed') {
        statuses = [400];
        fields = readAsPlanned && nulCharacterProblems(body).length === 0 ? ['Idempotency-Key'] : undefined;
      } else if (undecidable) statuses = undefined;
      else if (replayOf) {
        // The same key with another request: 422, unless the body is refused before the key is looked at.
        statuses = readAsPlanned && nulCharacterProblems(body).length === 0 ? [422] : [400, 422];
      } else if (media === 'unread') statuses = spec.unread;
      else if (readAsPlanned && broken) {
        statuses = [400];
        fields = broken;
      } else if (readAsPlanned && plan.mutations.length === 0) statuses = validStatuses ?? [spec.success];
      checkAnswer(request, response, { statuses, fields: fields && expandFieldNames(fields) });
      if (sameAsKept) {
        if (
          response.headers['idempotent-replayed'] !== 'true' ||
          canonicalJson(response.json ?? null) !== canonicalJson(replayOf!.response.json ?? null)
        ) {
          throw new Error(
            `a replay with the same Idempotency-Key and body did not answer the first response again\n  first: ${replayOf!.response.text.slice(0, 300)}\n${describeExchange(request, response)}`,
          );
        }
      }

      // What it may have changed.
      if (response.status >= 300 || sameAsKept) {
        await f.expectUnchanged(before, request, response, sameAsKept ? 'a replayed request' : `a refused request (${response.status})`);
        known = before;
        return;
      }
      // The body as the server read it: none at all without a JSON media type.
      const sent = (
        media === 'json'
          ? JSON.parse(
              Buffer.from(request.body as Buffer)
                .toString('utf8')
                .replace(/^\uFEFF/, '') || '{}',
            )
          : {}
      ) as Json;
      const problem = await f.timed('checks', () => spec.verify(request, response, sent, Number(before.head)));
      if (problem) throw new Error(`${problem}\n${describeExchange(request, response)}`);
      if (spec.readOnly) {
        // A simulation writes nothing, whatever it replays; only its answer may be kept for its key.
        await f.expectUnchanged(before, request, response, `an accepted ${spec.endpoint}`, ['http_idempotency']);
      } else {
        await f.catchUp();
        await f.expectHealthy(request, response);
      }
      if (idemKey !== undefined && !replayOf) {
        kept.push({ key: idemKey, request, response, effective: effective ?? 'unknown' });
        if (kept.length > 40) kept.shift();
      }
      known = await f.fingerprint();
    }

    const planOf = (body: fc.Arbitrary<Json>, mutations: fc.Arbitrary<BodyMutation>) =>
      fc
        .record({ mutated: mutatedBody(body, mutations), raw: rawChange, contentType, idem: idempotency, extra: fc.nat() })
        .map(({ mutated, ...rest }) => ({ ...mutated, ...rest }));

    const ADJUSTMENTS: CommandSpec = {
      endpoint: 'POST /v1/adjustments',
      method: 'POST',
      apiKey: KEYS.finance,
      success: 201,
      unread: [400],
      prepare: () => ({ path: '/v1/adjustments' }),
      verify: async (_request, response, sent, headBefore) => {
        const stored = await newEvents('adjustment.recorded', headBefore);
        if (stored.length !== 1) return `${stored.length} adjustment.recorded events stored for one accepted adjustment`;
        const event = JSON.parse(stored[0].envelope);
        if (Number(stored[0].position) !== response.json.position) return 'the adjustment is not stored where the answer says';
        const recorded = { partnerId: event.data.partnerId, amount: event.data.amount, reason: event.data.reason };
        if (canonicalJson(recorded) !== canonicalJson({ partnerId: sent.partnerId, amount: sent.amount, reason: sent.reason }))
          return `recorded ${JSON.stringify(recorded)}, not what was sent`;
        if (response.json.partnerId !== sent.partnerId || response.json.reason !== sent.reason)
          return 'the answer is not the adjustment sent';
        return undefined;
      },
    };

    const PAYOUT_RUNS: CommandSpec = {
      endpoint: 'POST /v1/payout-runs',
      method: 'POST',
      apiKey: KEYS.finance,
      success: 201,
      unread: [400],
      prepare: () => ({ path: '/v1/payout-runs' }),
      verify: async (request, response, sent, headBefore) => {
        const runs = await newEvents('payout.run_scheduled', headBefore);
        if (runs.length !== 1) return `${runs.length} payout runs stored for one accepted request`;
        const minimum = sent.minimum as Record<string, string>;
        for (const payout of response.json.payouts as Array<{ currency: string; amount: string }>) {
          if (!(payout.currency in minimum)) return `a payout in ${payout.currency}, which the run did not list`;
          if (!new Dec(payout.amount).greaterThan(0) || new Dec(payout.amount).lessThan(minimum[payout.currency]))
            return `a payout of ${payout.amount} ${payout.currency} (minimum ${minimum[payout.currency]})`;
        }
        // The same run again pays nothing twice.
        const again = await f.send({
          ...request,
          headers: { Authorization: `Bearer ${KEYS.finance}`, 'Content-Type': 'application/json' },
        });
        f.count('POST /v1/payout-runs', again.status);
        if (again.status !== 201 || again.json.payouts.length !== 0)
          return `the same payout run right after paid again: ${again.status} ${again.text.slice(0, 300)}`;
        return undefined;
      },
    };

    const ADOPTIONS: CommandSpec = {
      endpoint: 'POST /v1/attribution/policies',
      method: 'POST',
      apiKey: KEYS.finance,
      success: 201,
      unread: [400],
      prepare: (body, extra) => {
        const policy = body.policy as Json | undefined;
        if (policy && typeof policy === 'object' && policy.version === FRESH_VERSION) {
          // One case in eight takes a version already in use: 409, nothing recorded.
          policy.version = extra % 8 === 0 ? 'fuzz-seed-linear' : `fz-policy-${process.pid}-${++versions}`;
          if (extra % 8 === 0) return { path: '/v1/attribution/policies', expect: [409] };
        }
        return { path: '/v1/attribution/policies' };
      },
      verify: async (_request, response, sent) => {
        const adoptionId = response.json.adoptionId as string;
        if (response.json.version !== (sent.policy as Json).version) return 'the answer names another version';
        const list = await f.json('GET', '/v1/attribution/policies', KEYS.finance);
        const listed = (list.json as Array<{ adoptionId: string; status: string }>).filter((entry) => entry.adoptionId === adoptionId);
        if (listed.length !== 1) return `the adoption is listed ${listed.length} times`;
        active.push(adoptionId);
        return undefined;
      },
    };

    /** Which adoption a retraction names: one in force, one taken back, an unknown one, or junk. */
    let target: 'active' | 'retracted' | 'unknown' | 'junk' = 'active';
    let junkSegment = '';
    const RETRACTIONS: CommandSpec = {
      endpoint: 'DELETE /v1/attribution/policies/{adoptionId}',
      method: 'DELETE',
      apiKey: KEYS.finance,
      success: 200,
      unread: [400],
      prepare: (_body, extra) => {
        const pick = (list: string[]) => list[extra % list.length];
        if (target === 'active' && active.length > 0) return { path: `/v1/attribution/policies/${encodeSegment(pick(active))}` };
        if (target === 'retracted' && retracted.length > 0)
          return { path: `/v1/attribution/policies/${encodeSegment(pick(retracted))}`, expect: [409] };
        if (target === 'junk') return { path: `/v1/attribution/policies/${junkSegment}`, junkPath: true };
        return { path: `/v1/attribution/policies/policy-adoption-${900_000 + (extra % 1000)}`, expect: [404] };
      },
      verify: async (request, response) => {
        const adoptionId = decodeURIComponent(request.path.split('/').pop()!);
        if (response.json.status !== 'retracted' || response.json.adoptionId !== adoptionId)
          return 'the answer is not the retracted adoption';
        const list = await f.json('GET', '/v1/attribution/policies', KEYS.finance);
        const entry = (list.json as Array<{ adoptionId: string; status: string }>).find((item) => item.adoptionId === adoptionId);
        if (entry?.status !== 'retracted') return `the list shows the adoption as ${entry?.status}`;
        active.splice(active.indexOf(adoptionId), 1);
        retracted.push(adoptionId);
        return undefined;
      },
    };

    const SIMULATIONS: CommandSpec = {
      endpoint: 'POST /v1/simulations',
      method: 'POST',
      apiKey: KEYS.analyst,
      success: 202,
      readOnly: true,
      // A body sent without a JSON media type is not read at all: the simulation then runs with the defaults.
      unread: [202, 400],
      prepare: () => ({ path: '/v1/simulations' }),
      verify: async (_request, response, sent) => {
        // A simulation records nothing; it runs to the end on any body the API accepted.
        const id = response.json.id as string;
        // Waits on the job in process (polling over HTTP cost more than the replays), then reads it once over HTTP.
        const running = f.t.app.get(SimulationJobs).get(id);
        for (const deadline = Date.now() + 30_000; running?.status === 'running';) {
          if (Date.now() > deadline) return 'the simulation did not finish within 30 s';
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        const job = await f.json('GET', `/v1/simulations/${encodeSegment(id)}`, KEYS.analyst);
        f.count('GET /v1/simulations/{id}', job.status);
        if (job.json?.status === 'done') return undefined;
        if (job.json?.status === 'failed')
          return typeof sent.retract === 'string' ? undefined : `the simulation failed: ${job.text.slice(0, 500)}`;
        return `the simulation is ${job.status} ${job.text.slice(0, 300)}`;
      },
    };

    const PROPERTIES: Record<CommandName, { title: string; run(runs: number): Promise<void> }> = {
      'payout-runs': {
        title: 'POST /v1/payout-runs',
        run: (runs) =>
          fc.assert(
            fc.asyncProperty(planOf(payoutRun, payoutRunMutations), (plan) => runCase(PAYOUT_RUNS, plan, plan.extra)),
            fuzzParameters(runs),
          ),
      },
      adoptions: {
        title: 'POST /v1/attribution/policies',
        run: (runs) =>
          fc.assert(
            fc.asyncProperty(planOf(adoption, adoptionMutations), (plan) => runCase(ADOPTIONS, plan, plan.extra)),
            fuzzParameters(runs),
          ),
      },
      retractions: {
        title: 'DELETE /v1/attribution/policies/{adoptionId}',
        run: (runs) => {
          const which = fc.tuple(
            fc.constantFrom('active', 'active', 'retracted', 'unknown', 'junk') as fc.Arbitrary<typeof target>,
            pathSegment(fc.oneof(idString, anyString)),
          );
          return fc.assert(
            fc.asyncProperty(planOf(retraction, retractionMutations), which, (plan, [chosen, segment]) => {
              target = chosen;
              junkSegment = segment || 'x';
              return runCase(RETRACTIONS, plan, plan.extra);
            }),
            fuzzParameters(runs),
          );
        },
      },
      simulations: {
        title: 'POST /v1/simulations',
        run: (runs) =>
          fc.assert(
            fc.asyncProperty(planOf(simulation, simulationMutations), (plan) => runCase(SIMULATIONS, plan, plan.extra)),
            fuzzParameters(runs),
          ),
      },
      adjustments: {
        title: 'POST /v1/adjustments',
        run: (runs) =>
          fc.assert(
            fc.asyncProperty(planOf(adjustment, adjustmentMutations), (plan) => runCase(ADJUSTMENTS, plan, plan.extra)),
            fuzzParameters(runs),
          ),
      },
    };

    // In the order given: retractions need the adoptions made before them.
    for (const [name, runs] of Object.entries(endpoints) as Array<[CommandName, number]>) {
      it(PROPERTIES[name].title, () => PROPERTIES[name].run(runs), 600_000);
    }
  });
}

/** The body as the server reads it, canonical; undefined when that depends on more than the harness knows. */
function effectiveBody(media: ReturnType<typeof mediaKind>, effect: ChangedBody['effect']): string | undefined {
  if (media === 'unread') return 'null';
  if (media === 'json' && effect.refused === false) return canonicalJson(effect.value);
  return undefined;
}

/**
 * Field names as the parsers write them: the DTO-based ones as JSON paths (`["a b"]`), the
 * policy, retraction and simulation readers as the plain key (`a b`). Either names the field.
 */
function expandFieldNames(fields: string[]): string[] {
  return fields.flatMap((field) => {
    const plain = /^\["(.*)"\]$/.exec(field);
    return plain ? [field, JSON.parse(`"${plain[1]}"`) as string] : [field];
  });
}
