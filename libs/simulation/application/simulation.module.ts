import { Module } from '@nestjs/common';
import { SimulationJobs } from './simulation-jobs';

/** What-if simulations as background jobs. */
@Module({ providers: [SimulationJobs], exports: [SimulationJobs] })
export class SimulationModule {}
