import fc from 'fast-check';
import { AttributionState, DEFAULT_POLICY, applyEvent } from '@ledger/attribution/domain';
import { type AttributionOptions } from '@ledger/attribution/domain';
import { ATTRIBUTION_DECIDED, RISK_FLAG_DECIDED, RISK_FLAGGED, type RiskFlagDecidedData, type RiskFlaggedData } from '@ledger/contracts';
import { DEFAULT_PLAN } from './commission/commission-plan';
import { LEDGER_SOURCE, type RecordedEvent } from '@ledger/contracts';
import { historyArbitrary } from '../../attribution/domain/testing/arbitraries';
import { balancesFromBuckets, bucketLines } from './balances';
import type { LedgerLine } from './ledger-line';
import { DEFAULT_LEDGER_OPTIONS } from './ledger-options';
import { replayLedger } from './replay-ledger';

/*
 * SPEC §4: "the same facts give the same ledger however they were batched". Upstream facts are posted
 * in batches of any size, and the attribution reactor records its decisions after whatever part of the
 * store it has read, so decisions land after later upstream facts (a certification, a refund...).
 * These properties store one random history under many such interleavings and compare the ledgers.
 */

const live: AttributionOptions = { policy: DEFAULT_POLICY, recurringMonths: DEFAULT_PLAN.recurringMonths };
const RECORDED = '2030-01-01T00:00:00.000Z';

/** One POST of `size` upstream facts, after which the reactor catches up or not. */
interface Post {
  size: number;
  catchUp: boolean;
}

/** A stable small hash: which credits the risk "reactor" of these properties flags, and how finance decides. */
function hashOf(text: string): number {
  let hash = 7;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_003;
  return hash;
}

/**
 * What the store holds after posting `upstream` as `posts` say, decisions appended as the reactor
 * records them, each followed at once by the risk flags on its credits (as the risk reactor appends
 * them); finance's decisions on the flags come once everything is posted.
 */
function storeAfter(upstream: readonly RecordedEvent[], posts: readonly Post[]): RecordedEvent[] {
  const state = new AttributionState({ trackDirty: false });
  const store: RecordedEvent[] = [];
  const append = (recorded: Omit<RecordedEvent, 'position'>) => store.push({ ...recorded, position: store.length + 1 });
  const flags: Array<{ flag: RiskFlaggedData; time: string }> = [];
  let read = 0;
  let posted = 0;
  for (let turn = 0; posted < upstream.length; turn += 1) {
    const { size, catchUp } = posts[turn % posts.length];
    for (const original of upstream.slice(posted, posted + size)) append({ ...original, recordedAt: RECORDED });
    posted += size;
    if (!catchUp && posted < upstream.length) continue;
    const end = store.length;
    for (; read < end; read += 1) {
      for (const output of applyEvent(state, store[read], live)) {
        if (output.kind !== 'decision') continue;
        const { decision } = output;
        append({
          streamId: `attribution-${decision.conversionId}`,
          revision: 0,
          recordedAt: RECORDED,
          event: {
            specversion: '1.0',
            id: `attribution.decided:${decision.cause.id}`,
            source: LEDGER_SOURCE,
            type: ATTRIBUTION_DECIDED,
            time: decision.conversionTime,
            data: decision,
          },
        });
        for (const credit of decision.credits) {
          const key = `${decision.conversionId}|${credit.partnerId}`;
          if (hashOf(key) % 3 !== 0) continue;
          const flag: RiskFlaggedData = {
            flagId: `F-${key}`,
            conversionId: decision.conversionId,
            partnerId: credit.partnerId,
            policyVersion: 'risk-v1',
            signals: [{ signal: 'self_referral', evidence: 'same domain', figures: {} }],
            decision: { source: LEDGER_SOURCE, id: `attribution.decided:${decision.cause.id}`, position: store.length },
          };
          flags.push({ flag, time: decision.conversionTime });
          append({
            streamId: `risk-flag-${flag.flagId}`,
            revision: 0,
            recordedAt: RECORDED,
            event: {
              specversion: '1.0',
              id: `risk.flagged:${flag.flagId}`,
              source: LEDGER_SOURCE,
              type: RISK_FLAGGED,
              time: decision.conversionTime,
              data: flag,
            },
          });
        }
      }
    }
  }
  for (const { flag, time } of flags) {
    const choice = hashOf(flag.flagId) % 3;
    if (choice === 0) continue; // still open
    const data: RiskFlagDecidedData = {
      flagId: flag.flagId,
      conversionId: flag.conversionId,
      partnerId: flag.partnerId,
      decision: choice === 1 ? 'release' : 'reject',
      reason: 'reviewed',
      actor: { keyId: 'fin-1', role: 'finance' },
    };
    const at = new Date(Date.parse(time) + (hashOf(flag.flagId) % 60) * 86_400_000).toISOString();
    append({
      streamId: `risk-flag-${flag.flagId}`,
      revision: 1,
      recordedAt: RECORDED,
      event: { specversion: '1.0', id: `risk.flag_decided:${flag.flagId}`, source: LEDGER_SOURCE, type: RISK_FLAG_DECIDED, time: at, data },
    });
  }
  return store;
}

/** Upstream histories with refunds of their own conversions mixed in. */
const upstreamArbitrary = fc
  .tuple(
    historyArbitrary,
    fc.array(fc.record({ at: fc.nat(), pick: fc.nat(), percent: fc.integer({ min: 1, max: 120 }) }), { maxLength: 12 }),
  )
  .map(([history, refunds]) => {
    const events = [...history];
    const conversions = history.filter((recorded) => recorded.event.type === 'deal.closed_won' || recorded.event.type === 'invoice.paid');
    for (const [index, refund] of refunds.entries()) {
      if (conversions.length === 0) break;
      const conversion = conversions[refund.pick % conversions.length].event;
      const data = conversion.data as { conversionId?: string; invoiceId?: string; amount: { amount: string; currency: string } };
      const digits = data.amount.amount.split('.')[1]?.length ?? 0;
      const minor = (BigInt(data.amount.amount.replace('.', '')) * BigInt(refund.percent)) / 100n;
      if (minor <= 0n) continue;
      const text = minor.toString().padStart(digits + 1, '0');
      const amount = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
      const key = data.conversionId ? { conversionId: data.conversionId } : { invoiceId: data.invoiceId };
      const time = events[refund.at % events.length].event.time;
      events.splice(refund.at % (events.length + 1), 0, {
        position: 0,
        streamId: 'refunds',
        revision: 0,
        recordedAt: time,
        event: {
          specversion: '1.0',
          id: `refund-${index}`,
          source: 'prop',
          type: 'invoice.refunded',
          time,
          data: { ...key, amount: { amount, currency: data.amount.currency } },
        },
      });
    }
    return events.map((recorded, index) => ({ ...recorded, position: index + 1 }));
  });

const postsArbitrary = fc.array(fc.record({ size: fc.integer({ min: 1, max: 40 }), catchUp: fc.boolean() }), {
  minLength: 1,
  maxLength: 8,
});

/** A line as finance reads it: everything but where and when the ledger happened to process it. */
function content(line: LedgerLine): string {
  return JSON.stringify([
    line.partnerId,
    line.kind,
    line.account,
    line.currency,
    line.debit,
    line.credit,
    line.occurredAt,
    line.payableAt,
    line.conversionId,
    line.policyVersion,
    line.planVersion,
    line.tier,
    line.rate,
    line.description,
    line.cause.type,
    line.cause.id,
  ]);
}

function ledgerOf(store: RecordedEvent[]) {
  const { outputs, state } = replayLedger(store, DEFAULT_LEDGER_OPTIONS);
  const lines = outputs.flatMap((output) => (output.kind === 'transaction' ? output.transaction.lines : []));
  const tiers = [...state.values('partner')]
    .map((partner) => ({
      partnerId: partner.partnerId,
      tier: partner.tier,
      history: partner.history.map((change) => [change.from, change.to, change.at, change.reason]),
    }))
    .sort((a, b) => (a.partnerId < b.partnerId ? -1 : 1));
  return { lines, content: lines.map(content).sort(), tiers };
}

const ONE_PER_REQUEST: Post[] = [{ size: 1, catchUp: true }];
const ONE_BATCH: Post[] = [{ size: Number.MAX_SAFE_INTEGER, catchUp: true }];

describe('the same facts give the same ledger however they were batched', () => {
  it('one batch, one event per request and random batches book the same lines, tiers and balances', () => {
    fc.assert(
      fc.property(
        upstreamArbitrary,
        postsArbitrary,
        fc.array(fc.integer({ min: 0, max: 80 * 24 }), { minLength: 1, maxLength: 3 }),
        (upstream, posts, hours) => {
          const reference = ledgerOf(storeAfter(upstream, ONE_PER_REQUEST));
          for (const batching of [ONE_BATCH, posts]) {
            const other = ledgerOf(storeAfter(upstream, batching));
            expect(other.content).toEqual(reference.content);
            expect(other.tiers).toEqual(reference.tiers);
            for (const hour of hours) {
              const asOf = new Date(Date.parse('2025-12-31T00:00:00Z') + hour * 3_600_000).toISOString();
              for (const partnerId of new Set(reference.lines.map((line) => line.partnerId))) {
                const balance = (lines: LedgerLine[]) =>
                  balancesFromBuckets(
                    bucketLines(
                      lines.filter((line) => line.partnerId === partnerId),
                      asOf,
                      RECORDED,
                    ),
                  );
                expect(balance(other.lines)).toEqual(balance(reference.lines));
              }
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
