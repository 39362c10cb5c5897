/**
 * A minimal `fetch` for Node that sends a chosen Host header.
 *
 * Node's own fetch (undici) deletes any Host header it is given and always sends the URL's host.
 * Locally, Node clients reach the cms through the gateway at 127.0.0.1, which routes by Host
 * (`cms.localhost`); Node cannot resolve `*.localhost` names itself. So the client connects to
 * the base URL and uses this transport to present the gateway's name. Loaded only when the
 * `host` option is set (it imports node:http).
 */
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { Readable } from 'node:stream'
import type { CmsFetch } from './transport.ts'

/** Statuses whose responses have no body (and which `new Response` refuses a body for). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304])

async function encodeBody(body: RequestInit['body']): Promise<{ bytes?: Uint8Array; contentType?: string }> {
  if (body === undefined || body === null) return {}
  if (typeof body === 'string') return { bytes: new TextEncoder().encode(body) }
  // FormData, Blob, URLSearchParams, buffers: let the platform encode them (and pick a boundary).
  const encoded = new Response(body)
  const contentType = encoded.headers.get('content-type') ?? undefined
  return { bytes: new Uint8Array(await encoded.arrayBuffer()), contentType }
}

function toResponse(res: IncomingMessage, method: string): Response {
  const status = res.statusCode ?? 0
  const headers = new Headers()
  for (const [name, value] of Object.entries(res.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    else if (value !== undefined) headers.set(name, value)
  }
  if (NULL_BODY_STATUSES.has(status) || method === 'HEAD') {
    res.resume()
    return new Response(null, { status, statusText: res.statusMessage ?? '', headers })
  }
  const body = Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>
  return new Response(body, { status, statusText: res.statusMessage ?? '', headers })
}

/**
 * Returns a fetch-compatible function that connects to the URL it is given but sends
 * `Host: <host>` (and, over https, uses `host` for SNI). Supports what the cms client needs:
 * any method, string and FormData bodies, `AbortSignal` (an abort rejects with the signal's
 * reason, e.g. a `TimeoutError` DOMException, also while the body is being read). Responses
 * are not decompressed, so it asks for `identity` encoding.
 *
 * @param host e.g. `cms.localhost:8080` (a port is kept in the header, dropped for SNI).
 */
export function createHostFetch(host: string): CmsFetch {
  return async (input, init = {}) => {
    const url = new URL(input)
    const method = (init.method ?? 'GET').toUpperCase()
    const signal = init.signal ?? undefined
    signal?.throwIfAborted()
    const { bytes, contentType } = await encodeBody(init.body)
    const headers = new Headers(init.headers)
    if (contentType && !headers.has('content-type')) headers.set('content-type', contentType)
    if (bytes) headers.set('content-length', String(bytes.byteLength))
    headers.set('accept-encoding', 'identity')
    const outgoing: OutgoingHttpHeaders = { host }
    headers.forEach((value, name) => {
      if (name !== 'host') outgoing[name] = value
    })
    signal?.throwIfAborted()

    return new Promise<Response>((resolve, reject) => {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest
      const servername = url.protocol === 'https:' ? new URL(`http://${host}`).hostname : undefined
      const req = send(url, { method, headers: outgoing, ...(servername ? { servername } : {}) })
      let res: IncomingMessage | undefined
      const onAbort = () => {
        const reason: unknown = signal?.reason
        const error = reason instanceof Error ? reason : new Error('The request was aborted.')
        if (res) res.destroy(error)
        else req.destroy(error)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      const done = () => signal?.removeEventListener('abort', onAbort)
      req.on('error', (error) => {
        done()
        reject(error)
      })
      req.on('response', (incoming) => {
        res = incoming
        incoming.on('close', done)
        try {
          resolve(toResponse(incoming, method))
        } catch (error) {
          done()
          incoming.destroy()
          reject(error)
        }
      })
      req.end(bytes)
    })
  }
}
