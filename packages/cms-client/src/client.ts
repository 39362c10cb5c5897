import {
  bulkSchema,
  countSchema,
  docEnvelopeSchema,
  impersonationSessionSchema,
  impersonationTicketSchema,
  loginSchema,
  meSchema,
  messageSchema,
  paginatedSchema,
  resetTokenSchema,
} from './envelopes.ts'
import { toQueryString } from './query-string.ts'
import {
  type CmsFetch,
  type Exchange,
  exchange,
  expectOk,
  parseEnvelope,
  type Received,
  type TransportConfig,
} from './transport.ts'
import type {
  BulkResult,
  CollectionSlug,
  CreateData,
  Doc,
  FindByIDQuery,
  FindQuery,
  LoginResult,
  PaginatedDocs,
  Selected,
  SelectOf,
  UpdateData,
  UploadedDoc,
  UploadFields,
  UploadFile,
  UploadSlug,
  Where,
  WriteOptions,
} from './types.ts'
import { normalizeWhere } from './where.ts'

/**
 * The credential a client sends:
 * - `{ apiKey }`: a service key (`Authorization: service-keys API-Key <key>`); the hub and the
 *   provisioner use the platform key, a school's tenant-app its tenant key;
 * - `{ token }`: a member's JWT from {@link CmsClient.login} (`Authorization: JWT <token>`);
 * - `{ impersonation }`: a read-only impersonation session from
 *   {@link CmsClient.redeemImpersonation} (`Authorization: Impersonation <session>`, decision 100);
 * - `null`: anonymous.
 */
export type CmsAuth = { apiKey: string } | { token: string } | { impersonation: string } | null

/** A ticket to view a school as its admin (2 minutes, single use). */
export type ImpersonationTicket = {
  ticket: string
  ticketId: string
  /** ISO 8601. */
  expiresAt: string
  admin: { id: string; email: string }
}

/** A redeemed ticket: the read-only session (15 minutes) and who views as whom. */
export type ImpersonationSession = {
  session: string
  id: string
  /** ISO 8601. */
  endsAt: string
  admin: { id: string; email: string }
  by: { email: string }
}

export type CmsClientOptions = {
  /** Origin of the cms, e.g. `http://cms.localhost:8080`, or `http://127.0.0.1:8080` with `host`. */
  baseUrl: string
  /**
   * Host header to send, for Node clients going through the local gateway at 127.0.0.1 (Node
   * cannot resolve `*.localhost`, and its fetch drops a Host header): with `host` and no `fetch`,
   * the client uses a small node:http transport that sends it. With a custom `fetch`, it is passed
   * as a `host` header for that fetch to honour.
   */
  host?: string
  /** Default: anonymous. */
  auth?: CmsAuth
  /** Default: `globalThis.fetch` (looked up at each call). */
  fetch?: CmsFetch
  /** Per request, body included. Default 10 000 ms. */
  timeoutMs?: number
  /** Sent as User-Agent, so the cms's logs tell the callers apart (e.g. `lyceum-hub/1.4`). */
  userAgent?: string
  /** Sent as Accept-Language: the language of the cms's own messages (`en`, `fr`). */
  language?: string
}

/**
 * The typed client of the cms REST API (Payload's, under `/api`). Every method rejects with a
 * {@link CmsError} when the call fails; programming errors (a malformed `where`, a query past
 * the cms's parser limits) throw TypeError/RangeError before anything is sent.
 *
 * Access is the cms's. Where a rule filters (e.g. a tenant key on `tenants`), what the caller
 * may not read is absent: `find` leaves it out, `findByID` answers `null`. Where a rule refuses
 * outright (anonymous callers on `tenants`), reads fail with `forbidden`. Changes the caller may
 * not make fail with `forbidden`, or `not_found` for another tenant's id.
 *
 * Reads whose query string is longer than 2 KiB (long `in` lists) are sent as
 * `POST` + `X-Payload-HTTP-Method-Override: GET`, so that no proxy cuts the URL.
 */
export type CmsClient = {
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string
  /**
   * `GET /api/<slug>`: one page of the documents matching `where` that the caller may read.
   * Defaults: `limit` 10 (the cms's; `0` for all), `page` 1, `depth` 0 (relationships as ids),
   * newest first.
   */
  find<S extends CollectionSlug>(
    slug: S,
    query: FindQuery<S> & { select: SelectOf<S> },
  ): Promise<PaginatedDocs<Selected<S>>>
  find<S extends CollectionSlug>(slug: S, query?: FindQuery<S>): Promise<PaginatedDocs<Doc<S>>>
  /**
   * `GET /api/<slug>/<id>`.
   * @returns the document, or `null` when it does not exist or the caller may not read it (the
   *   cms answers both with 404, so another tenant's id looks missing).
   */
  findByID<S extends CollectionSlug>(
    slug: S,
    id: string,
    query: FindByIDQuery<S> & { select: SelectOf<S> },
  ): Promise<Selected<S> | null>
  findByID<S extends CollectionSlug>(slug: S, id: string, query?: FindByIDQuery<S>): Promise<Doc<S> | null>
  /** `GET /api/<slug>/count`: how many documents match `where` among those the caller may read. */
  count<S extends CollectionSlug>(slug: S, query?: { where?: Where }): Promise<number>
  /** `POST /api/<slug>`: creates a document. @throws CmsError `validation` with `fieldErrors`. */
  create<S extends CollectionSlug>(slug: S, data: CreateData<S>, options?: WriteOptions): Promise<Doc<S>>
  /** `PATCH /api/<slug>/<id>`: changes the given fields. @throws CmsError `not_found`, `validation`. */
  update<S extends CollectionSlug>(
    slug: S,
    id: string,
    data: UpdateData<S>,
    options?: WriteOptions,
  ): Promise<Doc<S>>
  /**
   * `PATCH /api/<slug>?where=…`: applies `data` to every matching document the caller may change.
   * Resolves also when some documents failed (the cms answers 400 then): check `errors`.
   * @throws TypeError for an empty `where` (it would name no documents; the cms refuses it).
   */
  updateWhere<S extends CollectionSlug>(
    slug: S,
    where: Where,
    data: UpdateData<S>,
    options?: WriteOptions,
  ): Promise<BulkResult<Doc<S>>>
  /** `DELETE /api/<slug>/<id>`. @returns the deleted document. @throws CmsError `not_found`. */
  delete<S extends CollectionSlug>(slug: S, id: string, options?: WriteOptions): Promise<Doc<S>>
  /** `DELETE /api/<slug>?where=…`: like {@link CmsClient.updateWhere}, for deletion. */
  deleteWhere<S extends CollectionSlug>(
    slug: S,
    where: Where,
    options?: WriteOptions,
  ): Promise<BulkResult<Doc<S>>>
  /**
   * `POST /api/media` as multipart (`file` and `_payload`, the JSON of `fields`).
   * @throws CmsError `payload_too_large` past the school's storage quota, `validation` for a
   *   refused MIME type, `forbidden` outside the caller's tenants.
   */
  upload(
    slug: UploadSlug,
    file: UploadFile,
    fields: UploadFields,
    options?: WriteOptions,
  ): Promise<UploadedDoc>
  /**
   * `POST /api/users/login` (sent without the client's credential); the user comes at depth 0.
   * @throws CmsError `unauthorized` for a wrong email or password, or a locked account (5 failed
   *   attempts lock it for 10 minutes).
   */
  login(email: string, password: string): Promise<LoginResult>
  /**
   * `GET /api/users/me`: the member the client's token belongs to, or `null` when the client is
   * anonymous, uses a service key, or its token is expired, logged out or invalid (none of
   * these is an error: the cms reads them all as anonymous). `depth` defaults to 0
   * (`memberships[].tenant` as ids); the cms's own default populates the tenants.
   */
  me(query?: { depth?: number }): Promise<Doc<'users'> | null>
  /**
   * `POST /api/users/logout`: ends the session of the client's token, which then authenticates
   * no one. @throws CmsError `validation` when the client has no member token.
   */
  logout(): Promise<void>
  /**
   * `POST /api/users/forgot-password` (sent without the client's credential): the cms mails a
   * reset link when the email belongs to an account, and answers the same when it does not.
   */
  forgotPassword(email: string): Promise<void>
  /**
   * `POST /api/users/reset-password` (sent without the client's credential): sets the password
   * of the account the one-time `token` was issued to; the token then works no more.
   * @throws CmsError `forbidden` (Payload's answer) or `validation` for an expired, used or
   *   unknown token.
   */
  resetPassword(token: string, password: string): Promise<void>
  /**
   * `POST /api/users/school-reset-token`, with a school's key only: a one-time reset token (1 h)
   * for an account of that school and of no other, without the cms mailing anything; null for
   * any other email (the caller answers its visitor the same either way).
   * @throws CmsError `forbidden` for any credential but a school's key.
   */
  schoolResetToken(email: string): Promise<string | null>
  /**
   * `POST /api/users/impersonation-ticket`, with the platform key only: a ticket for the
   * super-admin `by` (a user id) to view `tenant` as its first admin, read-only.
   * @throws CmsError `forbidden` for any other credential, `not_found` for an unknown school,
   *   `conflict` when the school has no admin, `validation` when `by` is not a super-admin.
   */
  impersonationTicket(input: { tenant: string; by: string }): Promise<ImpersonationTicket>
  /**
   * `POST /api/users/impersonation-redeem`, with a school's key only: the ticket becomes a
   * read-only session (the cms writes `admin.impersonation.start`).
   * @throws CmsError `forbidden` for a forged, expired, used or another school's ticket.
   */
  redeemImpersonation(ticket: string): Promise<ImpersonationSession>
  /**
   * `POST /api/users/impersonation-end`, with a school's key only: writes
   * `admin.impersonation.end` once (`reason`: the viewer left, or the session expired).
   * @throws CmsError `forbidden` for a forged session or another school's.
   */
  endImpersonation(session: string, reason: 'exit' | 'expired'): Promise<void>
  /** A client with the same options and another credential (e.g. per request, a member's token). */
  withAuth(auth: CmsAuth): CmsClient
}

function authorizationOf(auth: CmsAuth | undefined): string | undefined {
  if (!auth) return undefined
  if ('apiKey' in auth) {
    if (!auth.apiKey.trim())
      throw new TypeError('auth.apiKey is empty; the cms would treat the client as anonymous.')
    return `service-keys API-Key ${auth.apiKey}`
  }
  if ('impersonation' in auth) {
    if (!auth.impersonation.trim())
      throw new TypeError('auth.impersonation is empty; the cms would treat the client as anonymous.')
    return `Impersonation ${auth.impersonation}`
  }
  if (!auth.token.trim())
    throw new TypeError('auth.token is empty; the cms would treat the client as anonymous.')
  return `JWT ${auth.token}`
}

function normalizeBaseUrl(baseUrl: string): string {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    throw new TypeError(`baseUrl "${baseUrl}" is not an absolute URL.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`baseUrl "${baseUrl}" must be http or https.`)
  }
  if (url.search || url.hash) throw new TypeError(`baseUrl "${baseUrl}" must not have a query or fragment.`)
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '')
}

function collectionPath(slug: string, id?: string): string {
  const base = `/api/${encodeURIComponent(slug)}`
  if (id === undefined) return base
  if (id === '') throw new TypeError(`An empty id was given for ${slug}.`)
  return `${base}/${encodeURIComponent(id)}`
}

function whereParam(where: Where | undefined): Where | undefined {
  return where === undefined ? undefined : normalizeWhere(where)
}

function sortParam(sort: FindQuery<CollectionSlug>['sort']): string | undefined {
  if (sort === undefined) return undefined
  return typeof sort === 'string' ? sort : sort.join(',')
}

function requireWhere(where: Where, operation: string): Where {
  const normalized = normalizeWhere(where)
  if (Object.keys(normalized).length === 0) {
    throw new TypeError(
      `${operation} needs a non-empty where; to touch every document, say so: { id: { exists: true } }.`,
    )
  }
  return normalized
}

/**
 * The trust boundary: envelopes are validated with zod; documents are checked only as objects
 * with a string id and are typed by the generated types.
 */
function asDoc<T>(doc: { id: string }): T {
  return doc as unknown as T
}

/** Lazily loaded, so that bundles which never set `host` never load node:http. */
function hostFetch(host: string): CmsFetch {
  let loaded: Promise<CmsFetch> | undefined
  return async (input, init) => {
    loaded ??= import('./host-fetch.ts').then((m) => m.createHostFetch(host))
    return (await loaded)(input, init)
  }
}

/**
 * Creates a client of the cms REST API. Nothing is sent until a method is called.
 *
 * @example
 *   const cms = createCmsClient({ baseUrl: env.CMS_URL, auth: { apiKey: env.CMS_PLATFORM_KEY } })
 *   const { docs } = await cms.find('plans', { where: { active: { equals: true } }, sort: 'sortOrder' })
 * @throws TypeError for an invalid `baseUrl`, an empty credential, or a non-positive `timeoutMs`.
 */
export function createCmsClient(options: CmsClientOptions): CmsClient {
  const baseUrl = normalizeBaseUrl(options.baseUrl)
  const timeoutMs = options.timeoutMs ?? 10_000
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError(`timeoutMs must be a positive number of milliseconds, not ${timeoutMs}.`)
  }
  const headers: Record<string, string> = { accept: 'application/json' }
  if (options.host) headers.host = options.host
  if (options.userAgent) headers['user-agent'] = options.userAgent
  if (options.language) headers['accept-language'] = options.language
  const fetchImpl: CmsFetch =
    options.fetch ?? (options.host ? hostFetch(options.host) : (input, init) => globalThis.fetch(input, init))
  const config: TransportConfig = {
    baseUrl,
    headers,
    authorization: authorizationOf(options.auth),
    timeoutMs,
    fetch: fetchImpl,
  }

  const call = (spec: Exchange): Promise<Received> => exchange(config, spec)
  const ok = async (spec: Exchange): Promise<Received> => {
    const received = await call(spec)
    expectOk(received)
    return received
  }
  const docOf = async <T>(spec: Exchange): Promise<T> =>
    asDoc<T>(parseEnvelope(docEnvelopeSchema, await ok(spec)).doc)
  const bulk = async <T>(spec: Exchange): Promise<BulkResult<T>> => {
    const received = await call(spec)
    // Payload answers 400 with the same envelope when some documents failed: not an error of
    // the request as a whole, so it is returned. Any other 400 (no `docs`) is thrown.
    const partial = received.status === 400 && bulkSchema.safeParse(received.json).success
    if (!partial) expectOk(received)
    const result = parseEnvelope(bulkSchema, received)
    return { docs: result.docs.map((d) => asDoc<T>(d)), errors: result.errors }
  }
  const depthOf = (query?: { depth?: number }) => query?.depth ?? 0

  const client: CmsClient = {
    baseUrl,

    async find(slug: CollectionSlug, query: FindQuery<CollectionSlug> = {}) {
      const received = await ok({
        method: 'GET',
        path: collectionPath(slug),
        query: toQueryString({
          where: whereParam(query.where),
          limit: query.limit,
          page: query.page,
          sort: sortParam(query.sort),
          depth: depthOf(query),
          select: query.select,
        }),
      })
      const page = parseEnvelope(paginatedSchema, received)
      return { ...page, docs: page.docs.map((d) => asDoc(d)) }
    },

    async findByID(slug: CollectionSlug, id: string, query: FindByIDQuery<CollectionSlug> = {}) {
      const received = await call({
        method: 'GET',
        path: collectionPath(slug, id),
        query: toQueryString({ depth: depthOf(query), select: query.select }),
      })
      if (received.status === 404) return null
      expectOk(received)
      return asDoc(parseEnvelope(docEnvelopeSchema.shape.doc, received))
    },

    async count(slug, query = {}) {
      const received = await ok({
        method: 'GET',
        path: `${collectionPath(slug)}/count`,
        query: toQueryString({ where: whereParam(query.where) }),
      })
      return parseEnvelope(countSchema, received).totalDocs
    },

    async create(slug, data, options) {
      return docOf({
        method: 'POST',
        path: collectionPath(slug),
        query: toQueryString({ depth: depthOf(options) }),
        body: data,
      })
    },

    async update(slug, id, data, options) {
      return docOf({
        method: 'PATCH',
        path: collectionPath(slug, id),
        query: toQueryString({ depth: depthOf(options) }),
        body: data,
      })
    },

    async updateWhere(slug, where, data, options) {
      return bulk({
        method: 'PATCH',
        path: collectionPath(slug),
        query: toQueryString({ where: requireWhere(where, 'updateWhere'), depth: depthOf(options) }),
        body: data,
      })
    },

    async delete(slug, id, options) {
      return docOf({
        method: 'DELETE',
        path: collectionPath(slug, id),
        query: toQueryString({ depth: depthOf(options) }),
      })
    },

    async deleteWhere(slug, where, options) {
      return bulk({
        method: 'DELETE',
        path: collectionPath(slug),
        query: toQueryString({ where: requireWhere(where, 'deleteWhere'), depth: depthOf(options) }),
      })
    },

    async upload(slug, file, fields, options) {
      const form = new FormData()
      const blob =
        file.data instanceof Blob ? file.data : new Blob([new Uint8Array(file.data)], { type: file.mimeType })
      form.append(
        'file',
        blob.type === file.mimeType ? blob : new Blob([blob], { type: file.mimeType }),
        file.filename,
      )
      form.append('_payload', JSON.stringify(fields))
      return docOf({
        method: 'POST',
        path: collectionPath(slug),
        query: toQueryString({ depth: depthOf(options) }),
        body: form,
      })
    },

    async login(email, password) {
      const received = await ok({
        method: 'POST',
        path: '/api/users/login',
        query: toQueryString({ depth: 0 }),
        body: { email, password },
        authenticate: false,
      })
      const result = parseEnvelope(loginSchema, received)
      return { token: result.token, exp: result.exp, user: asDoc<Doc<'users'>>(result.user) }
    },

    async me(query = {}) {
      const received = await ok({
        method: 'GET',
        path: '/api/users/me',
        query: toQueryString({ depth: depthOf(query) }),
      })
      const { user } = parseEnvelope(meSchema, received)
      return user ? asDoc<Doc<'users'>>(user) : null
    },

    async logout() {
      parseEnvelope(messageSchema, await ok({ method: 'POST', path: '/api/users/logout' }))
    },

    async forgotPassword(email) {
      parseEnvelope(
        messageSchema,
        await ok({
          method: 'POST',
          path: '/api/users/forgot-password',
          body: { email },
          authenticate: false,
        }),
      )
    },

    async resetPassword(token, password) {
      await ok({
        method: 'POST',
        path: '/api/users/reset-password',
        body: { token, password },
        authenticate: false,
      })
    },

    async schoolResetToken(email) {
      const received = await ok({ method: 'POST', path: '/api/users/school-reset-token', body: { email } })
      return parseEnvelope(resetTokenSchema, received).token
    },

    async impersonationTicket(input) {
      const received = await ok({ method: 'POST', path: '/api/users/impersonation-ticket', body: input })
      return parseEnvelope(impersonationTicketSchema, received)
    },

    async redeemImpersonation(ticket) {
      const received = await ok({ method: 'POST', path: '/api/users/impersonation-redeem', body: { ticket } })
      return parseEnvelope(impersonationSessionSchema, received)
    },

    async endImpersonation(session, reason) {
      await ok({ method: 'POST', path: '/api/users/impersonation-end', body: { session, reason } })
    },

    withAuth(auth) {
      return createCmsClient({ ...options, auth })
    },
  }
  return client
}
