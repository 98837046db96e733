import { storedKey } from './session';

/** One problem the API names: a JSON path (or parameter) and what is wrong with it. */
export interface Problem {
  path: string;
  message: string;
}

/** An answer other than 2xx, in words: the status, the API's message and every problem by field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: Problem[],
    readonly url: string,
  ) {
    super(message);
  }

  /** 404 on a list or page the API does not serve yet, or an unknown id. */
  get notFound(): boolean {
    return this.status === 404;
  }
}

interface ErrorBody {
  message?: unknown;
  error?: unknown;
  errors?: unknown;
  problems?: unknown;
}

function problemsOf(body: ErrorBody): Problem[] {
  for (const list of [body.errors, body.problems, body.message]) {
    if (Array.isArray(list)) {
      return list
        .filter((p): p is Problem => typeof p === 'object' && p !== null && 'message' in p)
        .map((p) => ({ path: String(p.path ?? ''), message: String(p.message) }));
    }
  }
  return [];
}

function messageOf(status: number, body: ErrorBody | null): string {
  if (body && typeof body.message === 'string') return body.message;
  if (body && typeof body.error === 'string') return body.error;
  if (status === 401) return 'the key was not accepted';
  if (status === 403) return 'this key may not do that';
  if (status === 404) return 'not found';
  return `the API answered ${status}`;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  /** A key other than the signed-in one (the sign-in form checks its key before storing it). */
  key?: string;
  /** Makes a retry of the same action answer the first response instead of recording twice. */
  idempotencyKey?: string;
}

/** Calls the API with the signed-in key; throws ApiError for any answer other than 2xx. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const key = options.key ?? storedKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (error) {
    throw new ApiError(0, `the API could not be reached (${error instanceof Error ? error.message : String(error)})`, [], path);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const errorBody = (typeof body === 'object' && body !== null ? body : null) as ErrorBody | null;
    const problems = errorBody ? problemsOf(errorBody) : [];
    const message = messageOf(response.status, errorBody);
    throw new ApiError(response.status, message, problems, path);
  }
  return body as T;
}

/** A path with its query string; empty and undefined values are left out. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** SPEC §5 lists: `{"items":[...],"nextCursor"}`. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const newIdempotencyKey = (): string => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);
