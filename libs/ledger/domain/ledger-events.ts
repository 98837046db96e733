import { Actor } from '@ledger/contracts';
import type { Tier } from '@ledger/contracts';
import type { MoneyJson } from '@ledger/kernel';
import type { LineCause } from '@ledger/contracts';

export function describeActor(actor: Actor): string {
  return `${actor.role} key ${actor.keyId}`;
}
