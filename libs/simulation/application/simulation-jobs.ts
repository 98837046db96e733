import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@ledger/platform/event-store';
import type { SimulationOptions, SimulationResult } from '@ledger/simulation/domain';
import { runSimulation, type SimulationProgress } from './run-simulation';

export interface SimulationJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  /** null when only a plan, or a retraction, is simulated. */
  policyVersion: string | null;
  /** The adoption whose retraction is simulated, or null. */
  retract: string | null;
  planVersion: string;
  from: string | null;
  to: string | null;
  startedAt: string;
  finishedAt: string | null;
  progress: SimulationProgress;
  error: string | null;
  result: SimulationResult | null;
}

/**
 * Runs simulations in the background, one job per request, and keeps their results in memory
 * (a restart forgets them; they are cheap to run again and never part of the ledger).
 */
@Injectable()
export class SimulationJobs {
  private readonly logger = new Logger(SimulationJobs.name);
  private readonly jobs = new Map<string, SimulationJob>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  start(options: SimulationOptions): SimulationJob {
    const job: SimulationJob = {
      id: `sim_${randomUUID()}`,
      status: 'running',
      policyVersion: options.policy?.version ?? null,
      retract: options.retract ?? null,
      planVersion: options.plan.version,
      from: options.from ?? null,
      to: options.to ?? null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      progress: { eventsRead: 0, totalEvents: 0 },
      error: null,
      result: null,
    };
    this.jobs.set(job.id, job);
    runSimulation(this.store, options, (progress) => (job.progress = progress))
      .then((result) => {
        job.result = result;
        job.status = 'done';
      })
      .catch((error: unknown) => {
        job.status = 'failed';
        job.error = error instanceof Error ? error.message : String(error);
        this.logger.error({ err: error, simulation: job.id }, 'simulation failed');
      })
      .finally(() => (job.finishedAt = new Date().toISOString()));
    return job;
  }

  get(id: string): SimulationJob | undefined {
    return this.jobs.get(id);
  }
}
