import type { Migration } from '@ledger/platform/sql';

/**
 * One row per (caller, Idempotency-Key): the request's fingerprint and, once answered, the
 * answer. Kept in the read-model database but owned by no projection: a rebuild leaves it alone.
 * `owner` and `lease_until` let a request whose process died be taken over once its lease ends.
 */
export const IDEMPOTENCY_MIGRATIONS: readonly Migration[] = [
  {
    id: 'http-idempotency/0001-requests',
    sql: `CREATE TABLE http_idempotency (
  scope           text        NOT NULL,
  idempotency_key text        NOT NULL,
  fingerprint     text        NOT NULL,
  method          text        NOT NULL,
  path            text        NOT NULL,
  state           text        NOT NULL,
  owner           text        NOT NULL,
  lease_until     timestamptz NOT NULL,
  response_status integer,
  response_body   text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  completed_at    timestamptz,
  PRIMARY KEY (scope, idempotency_key)
)`,
  },
];
