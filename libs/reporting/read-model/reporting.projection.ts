import { ATTRIBUTION_REVISED, type AttributionRevisedData } from '@ledger/contracts';
import { ATTRIBUTION_DECIDED, type AttributionDecision } from '@ledger/contracts';
import {
  LEDGER_SOURCE,
  type CouponIssuedData,
  type CouponRedeemedData,
  type DealRegisteredData,
  type PartnerEnrolledData,
  type PartnerStatusChangedData,
  type RecordedEvent,
} from '@ledger/contracts';
import { KeyedState, type EntityRef } from '@ledger/kernel';
import { newProfile, recordActivity, recordLead, recordSourced, type PartnerProfile } from '@ledger/reporting/domain';
import { migrate, type SqlDatabase, type SqlExecutor } from '@ledger/platform/sql';
import { dropReadModel, foldPartialState, type Projection, type ProjectionStep } from '@ledger/platform/projections';
import { REPORTING_MIGRATIONS } from './migrations';
import { REPORT_STATE_TABLE, REPORTING_TABLES } from './reporting-tables';
import { reportRollupWrites } from './report-rollups';
import { reportRefsOf, reportRefsOfEvent } from './report-state-refs';

/** Entities held in memory between batches by default (STATE_CACHE_ENTITIES). */
const DEFAULT_STATE_CACHE_ENTITIES = 200_000;

export interface ReportingProjectionOptions {
  /** At most this many state entities stay in memory between batches (the rest are read from SQL when a batch needs them). */
  stateCacheEntities?: number;
}

/** What a batch folds into rows: new conversions, credits, and the conversions whose credits were revised. */
interface FoldedBatch {
  conversions: ConversionRow[];
  credits: CreditRow[];
  revised: Map<string, boolean>;
}

export interface ReportingEntities {
  partner: PartnerProfile;
  /** Owner of a coupon code as of the latest `coupon.issued` in global order. */
  coupon: { partnerId: string };
  /** Conversions already reported: the first recorded decision of a conversion counts, as in the ledger. */
  conversion: true;
}

interface ConversionRow {
  conversionId: string;
  conversionType: string;
  customerId: string;
  occurredAt: string;
  currency: string;
  amount: string;
  credited: boolean;
  influenced: boolean;
}

interface CreditRow {
  conversionId: string;
  partnerId: string;
  partnerType: string;
  conversionType: string;
  occurredAt: string;
  currency: string;
  revenue: string;
}

const monthOf = (iso: string) => new Date(Date.parse(iso)).toISOString().slice(0, 7);
const iso = (time: string) => new Date(Date.parse(time)).toISOString();

/**
 * Partner-sourced revenue and program KPIs: conversions and credits from the recorded decisions
 * (the first decision of a conversion, as the ledger books it), partner profiles from enrollments,
 * status changes, registrations, coupon redemptions and credited clicks.
 */
export class ReportingProjection implements Projection {
  readonly name = 'reports';
  private state = newState(false);
  private readonly cacheLimit: number;
  /** Where the entities the memory does not hold are read from; set by `load`. */
  private db?: SqlDatabase;

  constructor(options: ReportingProjectionOptions = {}) {
    this.cacheLimit = options.stateCacheEntities ?? DEFAULT_STATE_CACHE_ENTITIES;
  }

  /** Entities (and known absences) held in memory right now. */
  heldEntities(): number {
    return this.state.held();
  }

  async setUp(db: SqlDatabase): Promise<void> {
    await migrate(db, REPORTING_MIGRATIONS);
  }

  /** Memory holds what recent batches used; the rest stays in SQL until a batch needs it. */
  async load(db: SqlDatabase): Promise<void> {
    this.db = db;
    this.state = newState(true);
  }

  async rollback(db: SqlDatabase): Promise<void> {
    await this.load(db);
  }

  async reset(db: SqlDatabase): Promise<void> {
    await dropReadModel(db, REPORTING_TABLES, REPORTING_MIGRATIONS);
    this.state = newState(this.db !== undefined);
  }

  async apply(batch: readonly RecordedEvent[]): Promise<ProjectionStep> {
    const { conversions, credits, revised } = await this.foldBatch(batch);
    const dirty = this.state.takeDirty();
    const writeState = REPORT_STATE_TABLE.changes(dirty);
    // The reports' rollups and KPI rows, kept from this batch's rows and changed profiles (report-rollups.ts).
    const rollups = reportRollupWrites({ inserted: conversions.map((c) => c.conversionId), revised: [...revised.keys()], changes: dirty });
    // Serialised above, and the rollups' profile rows taken: memory goes back to a bounded part.
    if (this.state.partial) this.state.shrinkTo(this.cacheLimit);
    return {
      write: async (tx: SqlExecutor) => {
        await rollups.retract(tx);
        if (conversions.length > 0) {
          await tx.query(
            `INSERT INTO report_conversions (conversion_id, conversion_type, customer_id, occurred_at, month, currency, amount, credited, influenced)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::numeric[], $8::boolean[], $9::boolean[])`,
            [
              conversions.map((c) => c.conversionId),
              conversions.map((c) => c.conversionType),
              conversions.map((c) => c.customerId),
              conversions.map((c) => c.occurredAt),
              conversions.map((c) => monthOf(c.occurredAt)),
              conversions.map((c) => c.currency),
              conversions.map((c) => c.amount),
              conversions.map((c) => c.credited),
              conversions.map((c) => c.influenced),
            ],
          );
        }
        if (revised.size > 0) {
          await tx.query('DELETE FROM report_credits WHERE conversion_id = ANY($1::text[])', [[...revised.keys()]]);
          await tx.query(
            'UPDATE report_conversions SET credited = r.credited FROM unnest($1::text[], $2::boolean[]) AS r(conversion_id, credited) WHERE report_conversions.conversion_id = r.conversion_id',
            [[...revised.keys()], [...revised.values()]],
          );
        }
        if (credits.length > 0) {
          await tx.query(
            `INSERT INTO report_credits (conversion_id, partner_id, partner_type, conversion_type, occurred_at, month, currency, revenue)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::numeric[])`,
            [
              credits.map((c) => c.conversionId),
              credits.map((c) => c.partnerId),
              credits.map((c) => c.partnerType),
              credits.map((c) => c.conversionType),
              credits.map((c) => c.occurredAt),
              credits.map((c) => monthOf(c.occurredAt)),
              credits.map((c) => c.currency),
              credits.map((c) => c.revenue),
            ],
          );
        }
        await rollups.add(tx);
        await writeState(tx);
      },
    };
  }

  /** Folds a batch; a partial state first fetches the entities it names (and the partners of its coupons). */
  private async foldBatch(batch: readonly RecordedEvent[]): Promise<FoldedBatch> {
    const fold = () => this.foldEvents(batch);
    if (!this.state.partial || !this.db || batch.length === 0) return fold();
    const fetch = (refs: Iterable<EntityRef>) => REPORT_STATE_TABLE.fill(this.db as SqlDatabase, this.state, refs, reportRefsOf);
    await fetch(batch.flatMap(reportRefsOfEvent));
    return foldPartialState(this.state, fold, fetch);
  }

  private foldEvents(batch: readonly RecordedEvent[]): FoldedBatch {
    const conversions: ConversionRow[] = [];
    let credits: CreditRow[] = [];
    const revised = new Map<string, boolean>();
    for (const recorded of batch) {
      const { event } = recorded;
      if (event.source === LEDGER_SOURCE && event.type === ATTRIBUTION_REVISED) {
        // A revision replaces the conversion's credits: rows of this batch are dropped here, stored ones below.
        const { decision } = event.data as AttributionRevisedData;
        if (!this.state.get('conversion', decision.conversionId)) continue;
        credits = credits.filter((credit) => credit.conversionId !== decision.conversionId);
        revised.set(decision.conversionId, decision.credits.length > 0);
        this.creditRows(decision, credits);
        continue;
      }
      this.fold(recorded, conversions, credits);
    }
    return { conversions, credits, revised };
  }

  private profile(partnerId: string): PartnerProfile {
    let profile = this.state.get('partner', partnerId);
    if (!profile) {
      profile = newProfile(partnerId);
      this.state.put('partner', partnerId, profile);
    }
    this.state.touch('partner', partnerId);
    return profile;
  }

  private fold(recorded: RecordedEvent, conversions: ConversionRow[], credits: CreditRow[]): void {
    const { event } = recorded;
    const own = event.source === LEDGER_SOURCE;
    if (own && event.type === ATTRIBUTION_DECIDED) {
      this.decision(event.data as AttributionDecision, conversions, credits);
      return;
    }
    if (own) return;
    const time = iso(event.time);
    switch (event.type) {
      case 'partner.enrolled': {
        const data = event.data as PartnerEnrolledData;
        const profile = this.profile(data.partnerId);
        if (profile.enrolledAt === null) {
          profile.enrolledAt = time;
          profile.partnerType = data.partnerType;
        }
        break;
      }
      case 'partner.status_changed': {
        const data = event.data as PartnerStatusChangedData;
        this.profile(data.partnerId).statusChanges.push({ status: data.status, at: time, position: recorded.position });
        break;
      }
      case 'coupon.issued': {
        const data = event.data as CouponIssuedData;
        this.state.put('coupon', data.code, { partnerId: data.partnerId });
        break;
      }
      case 'coupon.redeemed': {
        const owner = this.state.get('coupon', (event.data as CouponRedeemedData).code);
        if (owner) recordLead(this.profile(owner.partnerId), time);
        break;
      }
      case 'deal.registered':
        recordLead(this.profile((event.data as DealRegisteredData).partnerId), time);
        break;
      default:
        break;
    }
  }

  private decision(decision: AttributionDecision, conversions: ConversionRow[], credits: CreditRow[]): void {
    if (this.state.get('conversion', decision.conversionId)) return;
    this.state.put('conversion', decision.conversionId, true);
    const occurredAt = iso(decision.conversionTime);
    conversions.push({
      conversionId: decision.conversionId,
      conversionType: decision.conversionType,
      customerId: decision.customerId,
      occurredAt,
      currency: decision.amount.currency,
      amount: decision.amount.amount,
      credited: decision.credits.length > 0,
      influenced: decision.candidates.some((candidate) => candidate.partnerId !== null),
    });
    this.creditRows(decision, credits);
    for (const credit of decision.credits) {
      const profile = this.profile(credit.partnerId);
      recordActivity(profile, occurredAt);
      if (decision.conversionType === 'deal.closed_won') recordSourced(profile, occurredAt);
    }
    // A credited click is a lead of its partner, dated by the click.
    for (const candidate of decision.candidates) {
      if (candidate.outcome === 'won' && candidate.channel === 'click' && candidate.partnerId !== null)
        recordLead(this.profile(candidate.partnerId), candidate.time);
    }
  }

  /**
   * Partner-sourced revenue follows the credits in force, revisions included. Profiles (leads, first
   * deals, activity) keep what happened when it happened: a later policy does not rewrite them.
   */
  private creditRows(decision: AttributionDecision, credits: CreditRow[]): void {
    const occurredAt = iso(decision.conversionTime);
    for (const credit of decision.credits) {
      const profile = this.profile(credit.partnerId);
      credits.push({
        conversionId: decision.conversionId,
        partnerId: credit.partnerId,
        partnerType: profile.partnerType ?? 'unknown',
        conversionType: decision.conversionType,
        occurredAt,
        currency: decision.amount.currency,
        revenue: credit.revenue,
      });
    }
  }
}

function newState(partial: boolean): KeyedState<ReportingEntities> {
  return new KeyedState<ReportingEntities>(['partner', 'coupon', 'conversion'], { partial });
}
