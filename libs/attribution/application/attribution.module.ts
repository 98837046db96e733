import { Module } from '@nestjs/common';
import { GetAttributionPoliciesHandler, GetConversionAttributionHandler } from '@ledger/attribution/read-model';
import { AdoptPolicyHandler } from './adopt-policy.command';
import { RetractPolicyHandler } from './retract-policy.command';

/** Attribution's commands (adopt, retract a policy) and queries (decisions, policies). */
@Module({ providers: [AdoptPolicyHandler, RetractPolicyHandler, GetAttributionPoliciesHandler, GetConversionAttributionHandler] })
export class AttributionModule {}
