import { Module } from '@nestjs/common';
import { GetAttributionPoliciesHandler, GetConversionAttributionHandler, ListPartnerDealsHandler } from '@ledger/attribution/read-model';
import { AdoptPolicyHandler } from './adopt-policy.command';
import { RegisterDealHandler } from './register-deal.command';
import { RetractPolicyHandler } from './retract-policy.command';

/** Attribution's commands (adopt, retract a policy, register a deal) and queries (decisions, policies, deals). */
@Module({
  providers: [
    AdoptPolicyHandler,
    RetractPolicyHandler,
    RegisterDealHandler,
    GetAttributionPoliciesHandler,
    GetConversionAttributionHandler,
    ListPartnerDealsHandler,
  ],
})
export class AttributionModule {}
