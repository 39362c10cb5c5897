import type { Role, World } from '../support/world.ts'

/** A JSON document as REST and GraphQL return it. */
export type Doc = Record<string, unknown>

/** What one REST call answered. */
export type Reply = { status: number; body: Doc | null }

/** What one GraphQL call answered: the HTTP status, the first error's status, `data`, `errors`. */
export type GqlReply = {
  status: number
  errorStatus: number | null
  data: Record<string, unknown> | null
  errors: Array<{ message: string; extensions?: { statusCode?: number; data?: unknown } }>
  body: unknown
}

/** Who calls: a role of the world, or an explicit `Authorization` header (minted keys, fresh logins). */
export type Caller = Role | { authorization: string }

/**
 * REST and GraphQL as any caller, never throwing for a refusal, so that every probe writes the
 * exact status and body it expects.
 */
export function probeClient(baseUrl: string, world: World) {
  const headersOf = (caller: Caller): Record<string, string> =>
    typeof caller === 'string' ? world.authHeader(caller) : { ...caller }

  async function rest(caller: Caller, method: string, path: string, body?: unknown): Promise<Reply> {
    const headers = headersOf(caller)
    const isForm = body instanceof FormData
    if (body !== undefined && !isForm) headers['content-type'] = 'application/json'
    const res = await fetch(`${baseUrl}/api/${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    })
    const text = await res.text()
    let json: Doc | null = null
    try {
      json = text ? (JSON.parse(text) as Doc) : null
    } catch {
      json = { text }
    }
    return { status: res.status, body: json }
  }

  async function gql(
    caller: Caller,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GqlReply> {
    const res = await fetch(`${baseUrl}/api/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headersOf(caller) },
      body: JSON.stringify({ query, variables }),
    })
    const json = (await res.json()) as { data?: Record<string, unknown> | null; errors?: GqlReply['errors'] }
    const errors = json.errors ?? []
    return {
      status: res.status,
      errorStatus: errors[0]?.extensions?.statusCode ?? (errors.length > 0 ? 500 : null),
      data: json.data ?? null,
      errors,
      body: json,
    }
  }

  return { rest, gql }
}

/** The value at `path` inside a JSON answer, or undefined. */
export function at(value: unknown, ...path: Array<string | number>): unknown {
  let node = value
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string | number, unknown>)[key]
  }
  return node
}

/** The `docs` of a list answer (REST `{ docs }` or a GraphQL list), or `[]`. */
export function docsOf(value: unknown): Doc[] {
  const docs = (value as { docs?: unknown } | null)?.docs
  return Array.isArray(docs) ? (docs as Doc[]) : []
}

export const idsOf = (value: unknown): string[] => docsOf(value).map((d) => String(d.id))

/** The id of a relationship value, populated or not. */
export function refId(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object' && 'id' in value) return String((value as { id: unknown }).id)
  return null
}

/** A REST error answer's first message and its field errors (`[{ path, message }]`). */
export function restError(reply: Reply): {
  message: string
  fields: Array<{ path: string; message: string }>
} {
  const first = (
    reply.body?.errors as Array<{ message?: string; data?: { errors?: unknown } }> | undefined
  )?.[0]
  const fields = Array.isArray(first?.data?.errors)
    ? (first.data.errors as Array<{ path: string; message: string }>).map(({ path, message }) => ({
        path,
        message,
      }))
    : []
  return { message: first?.message ?? '', fields }
}

/** A body as text with the given ids replaced by `<id>`, to compare two answers. */
export function normalised(body: unknown, ...ids: string[]): string {
  let text = JSON.stringify(body)
  for (const id of ids) text = text.replaceAll(id, '<id>')
  return text
}

/** The user id behind a role (throws for keys and anonymous). */
export function userIdOf(world: World, role: Role): string {
  const credential = world.credentials[role]
  if (credential.kind !== 'user') throw new Error(`${role} is not a person`)
  return credential.id
}
