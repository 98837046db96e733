import fc from 'fast-check';
import { Dec } from '@ledger/kernel';
import type { RecordedEvent } from '@ledger/contracts';
import {
  DEFAULT_LEDGER_OPTIONS,
  DEFAULT_TIER_PROGRAM,
  LINE_CELLS,
  LedgerVerifier,
  availableForPayout,
  balancesOf,
  bucketLines,
  progressToNextTier,
  replayLedger,
  selectPayouts,
  type BalanceBucket,
  type LedgerLine,
  type LedgerState,
  type PayoutAvailability,
} from '@ledger/ledger/domain';
import { asWrittenBeforeVersions, byChain } from '@ledger/ledger/domain/testing/hash-before-versions';
import { instantArbitrary, ledgerHistoryArbitrary } from '@ledger/ledger/domain/testing/ledger-arbitraries';
import { migrate, type PgliteDatabase } from '@ledger/platform/sql';
import { GetPartnerBalanceHandler, GetPartnerBalanceQuery, partnerBalanceBuckets } from './get-partner-balance.query';
import { GetPartnerTierHandler, GetPartnerTierQuery } from './get-partner-tier.query';
import { LINE_COLUMN_LIST, rowToLine } from './ledger-line-rows';
import { tierSince } from './ledger-query-tables';
import { LEDGER_READ_MODEL_TABLES_SQL } from './ledger-read-model-schema';
import { LEDGER_MIGRATIONS, LEDGER_STATE_TABLE } from './ledger-tables';
import { LedgerProjection } from './ledger.projection';
import { payoutAvailability } from './payout-availability';
import { openMemoryDatabase } from '@ledger/platform/sql/testing/memory-database';

/*
 * The SQL read model against the pure rules, on random ledgers: the histories go through the real
 * LedgerProjection (in random batches) into an in-memory embedded database, and every answer the
 * database gives is compared with what the pure functions give on the fold's own lines and state.
 */

const PARTNERS = ['P-1', 'P-2', 'P-3', 'P-4', 'P-never-seen'];
const CURRENCIES = ['USD', 'JPY', 'KWD'];

let db: PgliteDatabase;

beforeAll(async () => {
  db = await openMemoryDatabase();
});

afterAll(async () => {
  await db.close();
});

/** Cuts `events` into consecutive batches at the given points. */
function batches(events: RecordedEvent[], cuts: number[]): RecordedEvent[][] {
  const points = [...new Set(cuts.map((cut) => cut % (events.length + 1)))].sort((a, b) => a - b);
  const result: RecordedEvent[][] = [];
  let from = 0;
  for (const point of [...points, events.length]) {
    if (point > from) result.push(events.slice(from, point));
    from = Math.max(from, point);
  }
  return result;
}

/** Runs the history through a fresh LedgerProjection into an emptied read model; returns the pure fold's lines and state. */
async function project(events: RecordedEvent[], cuts: number[]): Promise<{ lines: LedgerLine[]; state: LedgerState }> {
  const projection = new LedgerProjection();
  await projection.reset(db);
  await projection.setUp(db);
  for (const batch of batches(events, cuts)) {
    const step = await projection.apply(batch);
    await db.transaction((tx) => step.write(tx));
  }
  const { outputs, state } = replayLedger(events, DEFAULT_LEDGER_OPTIONS);
  return { lines: outputs.flatMap((o) => (o.kind === 'transaction' ? o.transaction.lines : [])), state };
}

/** Buckets compared by value: the database sums to its own scale. */
const normalisedBuckets = (buckets: BalanceBucket[]) =>
  buckets
    .map((b) => ({ ...b, debit: new Dec(b.debit).toString(), credit: new Dec(b.credit).toString() }))
    .sort((a, b) => (`${a.currency}|${a.kind}|${a.account}|${a.matured}` < `${b.currency}|${b.kind}|${b.account}|${b.matured}` ? -1 : 1));

const normalisedAvailability = (rows: PayoutAvailability[]) =>
  rows
    .map((row) => ({ ...row, available: new Dec(row.available).toString() }))
    .sort((a, b) => (`${a.partnerId}|${a.currency}` < `${b.partnerId}|${b.currency}` ? -1 : 1));

/** A random instant, or one of the ledger's own times (boundaries are where `<` and `<=` differ). */
type InstantPick = { at: string } | { pick: number };
const instantPick: fc.Arbitrary<InstantPick> = fc.oneof(
  instantArbitrary.map((at) => ({ at })),
  fc.nat().map((pick) => ({ pick })),
);

function resolve(choice: InstantPick, lines: LedgerLine[]): string {
  if ('at' in choice) return choice.at;
  const times = lines.flatMap((line) => [line.occurredAt, line.recordedAt, line.payableAt]);
  return times.length === 0 ? '2026-01-01T00:00:00.000Z' : times[choice.pick % times.length];
}

const minimumArbitrary = fc.dictionary(
  fc.constantFrom(...CURRENCIES),
  fc.oneof(
    fc.constant('0'),
    fc.integer({ min: 0, max: 2_000_000 }).map((minor) => new Dec(minor).dividedBy(100).toString()),
  ),
  { maxKeys: 3 },
);

describe('the SQL read model answers what the pure rules answer', () => {
  it('balances at random asOf and knownAt, and the payout selection at random asOf and minimums', async () => {
    await fc.assert(
      fc.asyncProperty(
        ledgerHistoryArbitrary,
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.array(fc.record({ partnerId: fc.constantFrom(...PARTNERS), asOf: instantPick, knownAt: instantPick }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.array(fc.record({ asOf: instantPick, minimum: minimumArbitrary }), { minLength: 1, maxLength: 3 }),
        async (history, cuts, balanceQueries, payoutRuns) => {
          const { lines, state } = await project(history.events, cuts);

          for (const query of balanceQueries) {
            const { partnerId } = query;
            const [asOf, knownAt] = [resolve(query.asOf, lines), resolve(query.knownAt, lines)];
            const own = lines.filter((line) => line.partnerId === partnerId);
            expect(normalisedBuckets(await partnerBalanceBuckets(db, partnerId, asOf, knownAt))).toEqual(
              normalisedBuckets(bucketLines(own, asOf, knownAt)),
            );
            const view = await new GetPartnerBalanceHandler(db).execute(new GetPartnerBalanceQuery(partnerId, asOf, knownAt));
            if (state.get('partner', partnerId))
              expect(view).toEqual({ partnerId, asOf, knownAt, balances: balancesOf(own, asOf, knownAt) });
            else expect(view).toBeUndefined();
          }

          for (const run of payoutRuns) {
            const { minimum } = run;
            const asOf = resolve(run.asOf, lines);
            const currencies = Object.keys(minimum);
            const fromSql = await payoutAvailability(db, asOf, currencies);
            const pure = availableForPayout(lines, asOf).filter((row) => currencies.includes(row.currency));
            expect(normalisedAvailability(fromSql)).toEqual(normalisedAvailability(pure));
            expect(selectPayouts(fromSql, minimum)).toEqual(selectPayouts(pure, minimum));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stores every line exactly as folded (same columns, same hashes) and the partner and commission tables as the fold state says', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerHistoryArbitrary, fc.array(fc.nat(), { maxLength: 4 }), async (history, cuts) => {
        const { lines, state } = await project(history.events, cuts);

        const stored = (await db.query<Record<string, unknown>>(`SELECT ${LINE_COLUMN_LIST} FROM ledger_lines`))
          .map(rowToLine)
          .sort(byChain);
        expect(stored).toEqual([...lines].sort(byChain));
        const verifier = new LedgerVerifier();
        for (const line of stored) verifier.add(line);
        const heads = await db.query<{ partner_id: string; seq: number; hash: string }>(
          'SELECT partner_id, seq, hash FROM ledger_chain_heads',
        );
        expect(verifier.finish(heads.map((h) => ({ partnerId: h.partner_id, seq: Number(h.seq), hash: h.hash }))).problems).toEqual([]);

        const tiers = new GetPartnerTierHandler(db);
        for (const partnerId of PARTNERS) {
          const partner = state.get('partner', partnerId);
          const view = await tiers.execute(new GetPartnerTierQuery(partnerId));
          if (!partner) {
            expect(view).toBeUndefined();
            continue;
          }
          expect(view).toEqual({
            partnerId,
            tier: partner.tier,
            since: tierSince(partner),
            programVersion: DEFAULT_TIER_PROGRAM.version,
            progress: { ...progressToNextTier(DEFAULT_TIER_PROGRAM, partner.tier, partner.stats), ...partner.stats },
            history: partner.history,
            withdrawn: partner.withdrawn ?? [],
          });
        }

        const commissions = await db.query<Record<string, unknown>>(
          `SELECT conversion_id, partner_id, currency, policy_version, plan_version, revenue::text AS revenue, commission::text AS commission,
                  tier, rate, payable_at, clawed_back::text AS clawed_back FROM ledger_conversion_commissions ORDER BY conversion_id, partner_id`,
        );
        const expected = [...state.values('conversion')]
          .flatMap((c) =>
            c.accruals.map((a) => ({
              conversion_id: c.conversionId,
              partner_id: a.partnerId,
              currency: c.currency,
              policy_version: c.policyVersion,
              plan_version: a.planVersion ?? c.planVersion,
              revenue: a.revenue ?? null,
              commission: a.commission,
              tier: a.tier,
              rate: a.rate,
              payable_at: a.payableAt,
              clawed_back: a.clawedBack,
            })),
          )
          .sort((a, b) => (`${a.conversion_id}|${a.partner_id}` < `${b.conversion_id}|${b.partner_id}` ? -1 : 1));
        expect(commissions.map((row) => ({ ...row, payable_at: new Date(row.payable_at as Date).toISOString() }))).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });
});

describe('ledger read-model schema', () => {
  it('ledger_lines has exactly the columns and types of the field table', async () => {
    const projection = new LedgerProjection();
    await projection.reset(db);
    await projection.setUp(db);
    const columns = await db.query<{ column_name: string; data_type: string; is_nullable: 'YES' | 'NO' }>(
      "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'ledger_lines' ORDER BY column_name",
    );
    const sqlName = { text: 'text', integer: 'integer', bigint: 'bigint', numeric: 'numeric', timestamptz: 'timestamp with time zone' };
    expect(columns).toEqual(
      LINE_CELLS.map((cell) => ({
        column_name: cell.column,
        data_type: sqlName[cell.sql],
        is_nullable: cell.nullable ? 'YES' : 'NO',
      })).sort((a, b) => (a.column_name < b.column_name ? -1 : 1)),
    );
  });

  it('a ledger written before hash versions and query tables still verifies, and gets its query tables filled as the projection writes them', async () => {
    const release = LEDGER_MIGRATIONS.findIndex((migration) => migration.sql === LEDGER_READ_MODEL_TABLES_SQL);
    expect(release).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(ledgerHistoryArbitrary, async (history) => {
        const { lines, state } = await project(history.events, []);
        const snapshot = async () => ({
          partners: await db.query('SELECT * FROM ledger_partners ORDER BY partner_id'),
          commissions: await db.query('SELECT * FROM ledger_conversion_commissions ORDER BY conversion_id, partner_id'),
        });
        const written = await snapshot();

        // The same ledger as the release before left it: its migrations only, lines hashed the old way, no hash_version.
        await new LedgerProjection().reset(db);
        await migrate(db, LEDGER_MIGRATIONS.slice(0, release));
        const old = asWrittenBeforeVersions(lines);
        const existing = await db.query<{ column_name: string }>(
          "SELECT column_name FROM information_schema.columns WHERE table_name = 'ledger_lines'",
        );
        const cells = LINE_CELLS.filter((cell) => existing.some((column) => column.column_name === cell.column));
        expect(cells.map((cell) => cell.column)).not.toContain('hash_version');
        await db.transaction(async (tx) => {
          await LEDGER_STATE_TABLE.replaceAll(state.entities())(tx);
          if (old.length === 0) return;
          await tx.query(
            `INSERT INTO ledger_lines (${cells.map((cell) => cell.column).join(', ')}) SELECT * FROM unnest(${cells.map((cell, i) => `$${i + 1}::${cell.sql}[]`).join(', ')})`,
            cells.map((cell) => old.map((line) => cell.get(line))),
          );
          const heads = new Map(old.map((line) => [line.partnerId, line]));
          await tx.query(
            'INSERT INTO ledger_chain_heads (partner_id, seq, hash) SELECT * FROM unnest($1::text[], $2::integer[], $3::text[])',
            [[...heads.keys()], [...heads.values()].map((line) => line.seq), [...heads.values()].map((line) => line.hash)],
          );
        });

        await migrate(db, LEDGER_MIGRATIONS);
        expect(await snapshot()).toEqual(written);
        const stored = (await db.query<Record<string, unknown>>(`SELECT ${LINE_COLUMN_LIST} FROM ledger_lines`))
          .map(rowToLine)
          .sort(byChain);
        expect(stored).toEqual(old);
        const verifier = new LedgerVerifier();
        for (const line of stored) verifier.add(line);
        const heads = await db.query<{ partner_id: string; seq: number; hash: string }>(
          'SELECT partner_id, seq, hash FROM ledger_chain_heads',
        );
        expect(verifier.finish(heads.map((h) => ({ partnerId: h.partner_id, seq: Number(h.seq), hash: h.hash }))).problems).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });
});
