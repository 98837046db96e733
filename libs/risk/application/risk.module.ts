import { Module } from '@nestjs/common';
import {
  GetDisputeHandler,
  GetRiskFlagHandler,
  ListDisputesHandler,
  ListRiskFlagsHandler,
  ListRiskPoliciesHandler,
} from '@ledger/risk/read-model';
import { AdoptRiskPolicyHandler } from './adopt-risk-policy.command';
import { DecideFlagHandler } from './decide-flag.command';
import { OpenDisputeHandler } from './open-dispute.command';
import { ResolveDisputeHandler } from './resolve-dispute.command';

/** Risk holds and disputes (SPEC §9): finance's decisions and policies, partners' disputes, and the queues. */
@Module({
  providers: [
    DecideFlagHandler,
    AdoptRiskPolicyHandler,
    OpenDisputeHandler,
    ResolveDisputeHandler,
    ListRiskFlagsHandler,
    GetRiskFlagHandler,
    ListDisputesHandler,
    GetDisputeHandler,
    ListRiskPoliciesHandler,
  ],
})
export class RiskModule {}
