import type { Migration } from '@ledger/platform/sql';

/**
 * The notifications' tables. None of them is part of a projection's read model: a ledger rebuild
 * keeps them (the outbox ids derive from the facts, so the replay writes nothing new and nothing is
 * sent twice), and webhook registrations are operational configuration, not derived from events.
 */
export const NOTIFICATION_MIGRATIONS: readonly Migration[] = [
  {
    id: 'notifications/0001-outbox-and-webhooks',
    sql: `
CREATE TABLE notification_outbox (
  seq              bigserial   PRIMARY KEY,
  notification_id  text        NOT NULL UNIQUE,
  kind             text        NOT NULL,
  partner_id       text        NOT NULL,
  occurred_at      text        NOT NULL,
  data             jsonb       NOT NULL,
  recorded_at      timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE notification_deal_partners (
  deal_id     text PRIMARY KEY,
  partner_id  text NOT NULL
);
CREATE TABLE notification_cursors (
  name         text        PRIMARY KEY,
  seq          bigint      NOT NULL DEFAULT 0,
  lease_owner  text,
  lease_until  timestamptz
);
CREATE TABLE webhook_subscriptions (
  seq         bigserial   NOT NULL UNIQUE,
  webhook_id  text        PRIMARY KEY,
  url         text        NOT NULL,
  events      text[]      NOT NULL,
  secret      text        NOT NULL,
  from_seq    bigint      NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text        NOT NULL,
  deleted_at  timestamptz
);
CREATE TABLE webhook_deliveries (
  delivery_id       bigserial   PRIMARY KEY,
  webhook_id        text        NOT NULL REFERENCES webhook_subscriptions (webhook_id),
  outbox_seq        bigint      NOT NULL,
  notification_id   text        NOT NULL,
  kind              text        NOT NULL,
  partner_id        text        NOT NULL,
  status            text        NOT NULL DEFAULT 'pending',
  attempts          integer     NOT NULL DEFAULT 0,
  next_attempt_at   timestamptz NOT NULL DEFAULT now(),
  first_attempt_at  timestamptz,
  last_attempt_at   timestamptz,
  lease_until       timestamptz,
  last_status_code  integer,
  last_duration_ms  integer,
  last_error        text,
  delivered_at      timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (webhook_id, notification_id)
);
CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (webhook_id, partner_id, outbox_seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, delivery_id);
`,
  },
];
