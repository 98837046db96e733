import { type Actor } from '@ledger/contracts';

export function describeActor(actor: Actor): string {
  return `${actor.role} key ${actor.keyId}`;
}
