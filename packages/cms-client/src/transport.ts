/**
 * One HTTP exchange with the cms: headers, timeout, transport failures as CmsError, JSON body.
 */
import type { z } from 'zod'
import { CmsError, errorFromResponse } from './errors.ts'

/**
 * The fetch the client calls. `globalThis.fetch` fits; tests pass a fake (the server side).
 * The client always passes a string URL and an init with `method`, `headers` and `signal`.
 */
export type CmsFetch = (input: string, init?: RequestInit) => Promise<Response>

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE'

/**
 * Query strings longer than this (characters) are not put in the URL of a GET: the request is
 * sent as `POST` with `X-Payload-HTTP-Method-Override: GET` and the query as an urlencoded body,
 * which Payload reads as the GET. URLs are short-lived in servers and proxies: Node's HTTP server
 * answers 431 past 16 KiB of request line and headers, nginx 414 past 8 KiB by default.
 */
export const LONG_QUERY_LENGTH = 2048

/**
 * Longest query string sent on a PATCH or DELETE (no override exists for those): beyond it the
 * request is refused with a RangeError before it is sent, as a proxy would refuse it anyway.
 */
export const MAX_WRITE_QUERY_LENGTH = 8192

export type Exchange = {
  method: HttpMethod
  /** Path under the base URL, starting with `/api/`. */
  path: string
  /** Encoded query string, without `?`; empty for none. */
  query?: string
  /** A JSON-serialisable body, or a FormData (multipart). */
  body?: unknown
  /** Whether to send the client's credential (login does not). Default true. */
  authenticate?: boolean
}

/** A response whose body was read: `json` is `undefined` when the body was empty or not JSON. */
export type Received = { status: number; json: unknown; request: string }

export type TransportConfig = {
  baseUrl: string
  headers: Record<string, string>
  authorization: string | undefined
  timeoutMs: number
  fetch: CmsFetch
}

function errorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('name' in error)) return undefined
  return typeof error.name === 'string' ? error.name : undefined
}

function transportError(error: unknown, timeoutMs: number, request: string): CmsError {
  if (error instanceof CmsError) return error
  if (errorName(error) === 'TimeoutError') {
    return new CmsError({
      code: 'timeout',
      status: 0,
      request,
      cause: error,
      message: `The service did not answer within ${timeoutMs / 1000} s. Try again in a moment.`,
    })
  }
  return new CmsError({ code: 'network', status: 0, request, cause: error })
}

/**
 * Sends one request and reads its body as text, then JSON. The timeout covers the whole
 * exchange, body included. A GET with a long query goes as a POST override (see
 * {@link LONG_QUERY_LENGTH}).
 *
 * @throws CmsError `timeout` after `timeoutMs`; `network` when fetch or the body read fails.
 *   HTTP error statuses do NOT throw here: see {@link expectOk}.
 * @throws RangeError for a PATCH or DELETE whose query exceeds {@link MAX_WRITE_QUERY_LENGTH}.
 */
export async function exchange(config: TransportConfig, spec: Exchange): Promise<Received> {
  const query = spec.query ?? ''
  const headers: Record<string, string> = { ...config.headers }
  if (spec.authenticate !== false && config.authorization) headers.authorization = config.authorization
  let method: HttpMethod = spec.method
  let url = `${config.baseUrl}${spec.path}${query ? `?${query}` : ''}`
  let body: string | FormData | undefined
  if (spec.method === 'GET' && query.length > LONG_QUERY_LENGTH) {
    method = 'POST'
    url = `${config.baseUrl}${spec.path}`
    body = query
    headers['x-payload-http-method-override'] = 'GET'
    // Exactly this value: Payload compares the whole header (a charset suffix disables it).
    headers['content-type'] = 'application/x-www-form-urlencoded'
  } else if (query.length > MAX_WRITE_QUERY_LENGTH) {
    throw new RangeError(
      `The query of ${spec.method} ${spec.path} is ${query.length} characters long; at most ${MAX_WRITE_QUERY_LENGTH} are sent. Split the where (e.g. batch long "in" lists).`,
    )
  } else if (spec.body instanceof FormData) {
    body = spec.body // fetch sets the multipart content type with its boundary
  } else if (spec.body !== undefined) {
    body = JSON.stringify(spec.body)
    headers['content-type'] = 'application/json'
  }
  const request = `${method} ${spec.path}`
  try {
    const response = await config.fetch(url, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(config.timeoutMs),
    })
    const text = await response.text()
    let json: unknown
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text)
      } catch {
        json = undefined
      }
    }
    return { status: response.status, json, request }
  } catch (error) {
    throw transportError(error, config.timeoutMs, request)
  }
}

/** @throws CmsError for any status outside 200–299 (see errorFromResponse for the mapping). */
export function expectOk(received: Received): void {
  if (received.status < 200 || received.status > 299) {
    throw errorFromResponse(received.status, received.json, received.request)
  }
}

/**
 * Validates a 2xx body against its envelope schema.
 * @throws CmsError `bad_response` (the zod issues in `cause`) when it does not match.
 */
export function parseEnvelope<T extends z.ZodType>(schema: T, received: Received): z.output<T> {
  const parsed = schema.safeParse(received.json)
  if (!parsed.success) {
    throw new CmsError({
      code: 'bad_response',
      status: received.status,
      request: received.request,
      cause: { issues: parsed.error.issues, body: received.json },
    })
  }
  return parsed.data
}
