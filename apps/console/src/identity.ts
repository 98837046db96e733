import { api, ApiError } from './api';
import type { Me, Role } from './types';

async function status(path: string, key: string, method: 'GET' | 'POST' = 'GET', body?: unknown): Promise<number> {
  try {
    await api(path, { key, method, body });
    return 200;
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
}

/**
 * Who a key is: `GET /v1/me`. Where the API does not offer it yet (404), the role is found by
 * asking routes of each role something that records nothing: a report (finance and analyst), a
 * payout run without its required minimum (finance is answered 400, analyst 403) and an empty
 * batch of events (admin is answered, finance 403).
 */
export async function whoIs(key: string): Promise<Me> {
  try {
    return await api<Me>('/v1/me', { key });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
  }
  const reports = await status('/v1/reports/kpis', key);
  if (reports === 401) throw new ApiError(401, 'the key was not accepted', [], '/v1/reports/kpis');
  let role: Role;
  if (reports === 200) {
    const payout = await status('/v1/payout-runs', key, 'POST', {});
    if (payout === 403) role = 'analyst';
    else role = (await status('/v1/events', key, 'POST', [])) === 403 ? 'finance' : 'admin';
  } else {
    role = (await status('/v1/events', key, 'POST', [])) === 403 ? 'partner' : 'ingest';
  }
  return { role };
}

/** What a role may open in the console (the API's own role rules, SPEC §5). */
export function canFinance(role: Role): boolean {
  return role === 'finance' || role === 'admin';
}

export function canAnalyse(role: Role): boolean {
  return role === 'finance' || role === 'analyst' || role === 'admin';
}
