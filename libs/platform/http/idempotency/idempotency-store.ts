import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { migrate, type SqlDatabase } from '@ledger/platform/sql';
import { IDEMPOTENCY_MIGRATIONS } from './migrations';

export interface IdempotentRequest {
  /** Who asks (the key's keyId): one caller can never see another's answers. */
  scope: string;
  key: string;
  /** sha256 of method, path and canonical body. */
  fingerprint: string;
  method: string;
  path: string;
}

export type Claim =
  | { kind: 'claimed'; owner: string }
  | { kind: 'answered'; status: number; body: string | null }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' };

/** How long a claim holds without a heartbeat; the owner renews it while the request runs. */
export const LEASE_MILLIS = 30_000;

/**
 * Answers a retried request as the first one was answered, across restarts and API instances on
 * the same database (the table: IDEMPOTENCY_MIGRATIONS).
 */
@Injectable()
export class IdempotencyStore implements OnModuleInit {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.db, IDEMPOTENCY_MIGRATIONS);
  }

  /**
   * Claims the key for this request, or says what became of an earlier one. The INSERT decides
   * between two racing requests (the primary key lets one in); a claim whose lease ran out (its
   * process died) is taken over by the same conditional UPDATE, so again only one wins.
   */
  async claim(request: IdempotentRequest): Promise<Claim> {
    const owner = randomBytes(12).toString('hex');
    const inserted = await this.db.query(
      `INSERT INTO http_idempotency (scope, idempotency_key, fingerprint, method, path, state, owner, lease_until)
       VALUES ($1, $2, $3, $4, $5, 'running', $6, now() + $7 * interval '1 millisecond')
       ON CONFLICT (scope, idempotency_key) DO NOTHING RETURNING 1 AS ok`,
      [request.scope, request.key, request.fingerprint, request.method, request.path, owner, LEASE_MILLIS],
    );
    if (inserted.length === 1) return { kind: 'claimed', owner };
    const [row] = await this.db.query<{
      fingerprint: string;
      state: string;
      response_status: number | null;
      response_body: string | null;
      expired: boolean;
    }>(
      `SELECT fingerprint, state, response_status, response_body, lease_until < now() AS expired
       FROM http_idempotency WHERE scope = $1 AND idempotency_key = $2`,
      [request.scope, request.key],
    );
    if (!row) return { kind: 'in-progress' }; // abandoned between our insert and select: the caller asks again
    if (row.fingerprint !== request.fingerprint) return { kind: 'mismatch' };
    if (row.state === 'done') return { kind: 'answered', status: Number(row.response_status), body: row.response_body };
    if (!row.expired) return { kind: 'in-progress' };
    const taken = await this.db.query(
      `UPDATE http_idempotency SET owner = $3, lease_until = now() + $4 * interval '1 millisecond'
       WHERE scope = $1 AND idempotency_key = $2 AND state = 'running' AND lease_until < now() RETURNING 1 AS ok`,
      [request.scope, request.key, owner, LEASE_MILLIS],
    );
    return taken.length === 1 ? { kind: 'claimed', owner } : { kind: 'in-progress' };
  }

  async renew(request: IdempotentRequest, owner: string): Promise<void> {
    await this.db.query(
      `UPDATE http_idempotency SET lease_until = now() + $4 * interval '1 millisecond'
       WHERE scope = $1 AND idempotency_key = $2 AND owner = $3 AND state = 'running'`,
      [request.scope, request.key, owner, LEASE_MILLIS],
    );
  }

  async complete(request: IdempotentRequest, owner: string, status: number, body: string | null): Promise<void> {
    await this.db.query(
      `UPDATE http_idempotency SET state = 'done', response_status = $4, response_body = $5, completed_at = now()
       WHERE scope = $1 AND idempotency_key = $2 AND owner = $3 AND state = 'running'`,
      [request.scope, request.key, owner, status, body],
    );
  }

  /** The request failed and recorded nothing: free the key, so a retry runs it again. */
  async release(request: IdempotentRequest, owner: string): Promise<void> {
    await this.db.query(`DELETE FROM http_idempotency WHERE scope = $1 AND idempotency_key = $2 AND owner = $3 AND state = 'running'`, [
      request.scope,
      request.key,
      owner,
    ]);
  }
}
