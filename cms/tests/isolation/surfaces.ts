import type { CollectionSlug, Payload } from 'payload'
import type { Role, World } from '../support/world.ts'
import type { CreateInput } from './subjects.ts'
import type { Op } from './table.ts'

/** What a surface answered, reduced to what the matrix compares. */
export type Answer = { status: number; ids: string[]; total?: number; body: unknown }

/**
 * One way of calling the cms: the Local API (with `user` and `overrideAccess: false`), REST, or
 * GraphQL. Every method acts as `role` and never throws for a refusal: it reports the answer.
 */
export type Surface = {
  name: 'local' | 'rest' | 'graphql'
  supports(op: Op, collection: CollectionSlug): boolean
  create(role: Role, collection: CollectionSlug, input: CreateInput): Promise<Answer>
  find(role: Role, collection: CollectionSlug, id: string): Promise<Answer>
  findByID(role: Role, collection: CollectionSlug, id: string): Promise<Answer>
  count(role: Role, collection: CollectionSlug, id: string): Promise<Answer>
  update(role: Role, collection: CollectionSlug, id: string, data: Record<string, unknown>): Promise<Answer>
  bulkUpdate(
    role: Role,
    collection: CollectionSlug,
    id: string,
    data: Record<string, unknown>,
  ): Promise<Answer>
  delete(role: Role, collection: CollectionSlug, id: string): Promise<Answer>
  bulkDelete(role: Role, collection: CollectionSlug, id: string): Promise<Answer>
}

const byId = (id: string) => ({ id: { equals: id } })
const idsOf = (docs: unknown): string[] =>
  Array.isArray(docs) ? docs.map((d) => String((d as { id: unknown }).id)) : []

type PayloadError = { status?: number; message?: string; data?: unknown }

// ─── Local API ──────────────────────────────────────────────────────────────────────────────
export function localSurface(payload: Payload, world: World): Surface {
  const attempt = async (run: () => Promise<Answer>): Promise<Answer> => {
    try {
      return await run()
    } catch (error) {
      const e = error as PayloadError
      return { status: e.status ?? 500, ids: [], body: { message: e.message, data: e.data } }
    }
  }
  // Every call passes the role's user and `overrideAccess: false`: the Local API defaults to true.
  return {
    name: 'local',
    supports: () => true,
    create: async (role, collection, { data, file }) =>
      attempt(async () => {
        const user = await world.localUser(role)
        const doc = await payload.create({ collection, data, file, user, overrideAccess: false, depth: 0 })
        return { status: 201, ids: [String(doc.id)], body: doc }
      }),
    find: async (role, collection, id) =>
      attempt(async () => {
        const user = await world.localUser(role)
        const res = await payload.find({ collection, where: byId(id), user, overrideAccess: false, depth: 0 })
        return { status: 200, ids: idsOf(res.docs), body: res }
      }),
    findByID: async (role, collection, id) =>
      attempt(async () => {
        const user = await world.localUser(role)
        const doc = await payload.findByID({ collection, id, user, overrideAccess: false, depth: 0 })
        return { status: 200, ids: [String(doc.id)], body: doc }
      }),
    count: async (role, collection, id) =>
      attempt(async () => {
        const user = await world.localUser(role)
        const res = await payload.count({ collection, where: byId(id), user, overrideAccess: false })
        return { status: 200, ids: [], total: res.totalDocs, body: res }
      }),
    update: async (role, collection, id, data) =>
      attempt(async () => {
        const user = await world.localUser(role)
        const doc = await payload.update({ collection, id, data, user, overrideAccess: false, depth: 0 })
        return { status: 200, ids: [String(doc.id)], body: doc }
      }),
    bulkUpdate: async (role, collection, id, data) =>
      attempt(async () => {
        const user = await world.localUser(role)
        const res = await payload.update({
          collection,
          where: byId(id),
          data,
          user,
          overrideAccess: false,
          depth: 0,
        })
        return { status: 200, ids: idsOf(res.docs), body: res }
      }),
    delete: async (role, collection, id) =>
      attempt(async () => {
        const user = await world.localUser(role)
        const doc = await payload.delete({ collection, id, user, overrideAccess: false, depth: 0 })
        return { status: 200, ids: [String(doc.id)], body: doc }
      }),
    bulkDelete: async (role, collection, id) =>
      attempt(async () => {
        const user = await world.localUser(role)
        const res = await payload.delete({
          collection,
          where: byId(id),
          user,
          overrideAccess: false,
          depth: 0,
        })
        return { status: 200, ids: idsOf(res.docs), body: res }
      }),
  }
}

// ─── REST ───────────────────────────────────────────────────────────────────────────────────
export function restSurface(baseUrl: string, world: World): Surface {
  const call = async (
    role: Role,
    method: string,
    path: string,
    body?: unknown,
    form?: FormData,
  ): Promise<Answer> => {
    const headers: Record<string, string> = { ...world.authHeader(role) }
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetch(`${baseUrl}/api/${path}`, {
      method,
      headers,
      body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
    })
    const json = (await res.json().catch(() => null)) as Record<string, unknown> | null
    const doc = json?.doc as { id?: unknown } | undefined
    const ids =
      json && Array.isArray(json.docs)
        ? idsOf(json.docs)
        : doc?.id
          ? [String(doc.id)]
          : json?.id
            ? [String(json.id)]
            : []
    return {
      status: res.status,
      ids,
      total: typeof json?.totalDocs === 'number' ? json.totalDocs : undefined,
      body: json,
    }
  }
  const where = (id: string) => `where[id][equals]=${encodeURIComponent(id)}`
  return {
    name: 'rest',
    supports: () => true,
    create: (role, collection, { data, file }) => {
      if (!file) return call(role, 'POST', collection, data)
      const form = new FormData()
      form.set('file', new Blob([new Uint8Array(file.data)], { type: file.mimetype }), file.name)
      form.set('_payload', JSON.stringify(data))
      return call(role, 'POST', collection, undefined, form)
    },
    find: (role, collection, id) => call(role, 'GET', `${collection}?${where(id)}&depth=0`),
    findByID: (role, collection, id) => call(role, 'GET', `${collection}/${id}?depth=0`),
    count: (role, collection, id) => call(role, 'GET', `${collection}/count?${where(id)}`),
    update: (role, collection, id, data) => call(role, 'PATCH', `${collection}/${id}?depth=0`, data),
    bulkUpdate: (role, collection, id, data) =>
      call(role, 'PATCH', `${collection}?${where(id)}&depth=0`, data),
    delete: (role, collection, id) => call(role, 'DELETE', `${collection}/${id}?depth=0`),
    bulkDelete: (role, collection, id) => call(role, 'DELETE', `${collection}?${where(id)}&depth=0`),
  }
}

// ─── GraphQL ────────────────────────────────────────────────────────────────────────────────
/** Payload's GraphQL has no bulk mutations and no uploads; those cells are covered by REST and Local. */
export function graphqlSurface(baseUrl: string, world: World, payload: Payload): Surface {
  const names = (collection: CollectionSlug) => {
    const gql = payload.collections[collection].config.graphQL
    if (!gql) throw new Error(`${collection} has no GraphQL schema`)
    return { one: gql.singularName, many: gql.pluralName }
  }
  const call = async (role: Role, query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${baseUrl}/api/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...world.authHeader(role) },
      body: JSON.stringify({ query, variables }),
    })
    const json = (await res.json()) as {
      data?: Record<string, unknown> | null
      errors?: Array<{ message: string; extensions?: { statusCode?: number } }>
    }
    const error = json.errors?.[0]
    const status = error ? (error.extensions?.statusCode ?? 500) : res.status
    return { json, status, value: json.data ? Object.values(json.data)[0] : null }
  }
  const one = (value: unknown): string[] => {
    const id = (value as { id?: unknown } | null)?.id
    return id ? [String(id)] : []
  }
  return {
    name: 'graphql',
    supports: (op, collection) => !op.startsWith('bulk') && !(op === 'create' && collection === 'media'),
    create: async (role, collection, { data }) => {
      const { one: name } = names(collection)
      const r = await call(
        role,
        `mutation($data: mutation${name}Input!) { create${name}(data: $data) { id } }`,
        { data },
      )
      return { status: r.status, ids: one(r.value), body: r.json }
    },
    find: async (role, collection, id) => {
      const { many } = names(collection)
      const r = await call(
        role,
        `query($id: String) { ${many}(where: { id: { equals: $id } }) { docs { id } } }`,
        { id },
      )
      return { status: r.status, ids: idsOf((r.value as { docs?: unknown } | null)?.docs), body: r.json }
    },
    findByID: async (role, collection, id) => {
      const { one: name } = names(collection)
      const r = await call(role, `query($id: String!) { ${name}(id: $id) { id } }`, { id })
      return { status: r.status, ids: one(r.value), body: r.json }
    },
    count: async (role, collection, id) => {
      const { many } = names(collection)
      const r = await call(
        role,
        `query($id: String) { count${many}(where: { id: { equals: $id } }) { totalDocs } }`,
        { id },
      )
      const total = (r.value as { totalDocs?: number } | null)?.totalDocs
      return { status: r.status, ids: [], total, body: r.json }
    },
    update: async (role, collection, id, data) => {
      const { one: name } = names(collection)
      const r = await call(
        role,
        `mutation($id: String!, $data: mutation${name}UpdateInput!) { update${name}(id: $id, data: $data) { id } }`,
        { id, data },
      )
      return { status: r.status, ids: one(r.value), body: r.json }
    },
    bulkUpdate: async () => ({ status: 0, ids: [], body: null }),
    delete: async (role, collection, id) => {
      const { one: name } = names(collection)
      const r = await call(role, `mutation($id: String!) { delete${name}(id: $id) { id } }`, { id })
      return { status: r.status, ids: one(r.value), body: r.json }
    },
    bulkDelete: async () => ({ status: 0, ids: [], body: null }),
  }
}
