/**
 * The super-admin tenants table's state in the URL's query string (`q`, `status`, `plan`,
 * `provider`, `sort`, `page`): parsed with zod, where a bad value falls back to its default (a
 * hand-edited URL never errors), and written back into links. Shared by the server and the page.
 */
import { BILLING_PROVIDERS, TENANT_STATUSES } from '@lyceum/domain'
import { z } from 'zod'

export const PAGE_SIZE = 25
export const SORTS = [
  '-createdAt',
  'createdAt',
  'name',
  '-name',
  'slug',
  '-slug',
  'status',
  '-status',
] as const
export type TenantSort = (typeof SORTS)[number]

/** The table's state, from the URL's query string (`q`, `status`, `plan`, `provider`, `sort`, `page`). */
export const tableQuerySchema = z.object({
  q: z.string().trim().max(100).catch(''),
  status: z.enum(TENANT_STATUSES).optional().catch(undefined),
  /** A plan code. */
  plan: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional()
    .catch(undefined),
  provider: z.enum(BILLING_PROVIDERS).optional().catch(undefined),
  sort: z.enum(SORTS).catch('-createdAt'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})
export type TableQuery = z.infer<typeof tableQuerySchema>

export function parseTableQuery(params: URLSearchParams): TableQuery {
  const raw: Record<string, string> = {}
  for (const key of ['q', 'status', 'plan', 'provider', 'sort', 'page']) {
    const value = params.get(key)
    if (value !== null && value !== '') raw[key] = value
  }
  return tableQuerySchema.parse(raw)
}

/** The query string of `query` with `changes` applied (empty values dropped), for links. */
export function tableHref(
  query: TableQuery,
  changes: Partial<Record<keyof TableQuery, string | number | undefined>>,
): string {
  const merged: Record<string, string | number | undefined> = { ...query, ...changes }
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined || value === '') continue
    if (key === 'sort' && value === '-createdAt') continue
    if (key === 'page' && Number(value) === 1) continue
    params.set(key, String(value))
  }
  const search = params.toString()
  return search ? `?${search}` : '?'
}
