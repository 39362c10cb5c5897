import type { TenantScope } from '@lyceum/tenancy'
import type { Where } from 'payload'

/**
 * A tenant scope as a Payload access result on the field holding the tenant.
 * `true` for every tenant, `false` for none, else `{ [field]: { in: ids } }`.
 */
export function scopeWhere(scope: TenantScope, field = 'tenant'): boolean | Where {
  if (scope.all) return true
  if (scope.tenantIds.length === 0) return false
  return { [field]: { in: [...scope.tenantIds] } }
}

/** OR of access results, simplified: any `true` wins, `false`s drop out. */
export function anyOf(...results: Array<boolean | Where>): boolean | Where {
  if (results.includes(true)) return true
  const wheres = results.filter((r): r is Where => typeof r === 'object')
  if (wheres.length === 0) return false
  return wheres.length === 1 ? (wheres[0] as Where) : { or: wheres }
}

/** AND of access results, simplified: any `false` wins, `true`s drop out. */
export function allOf(...results: Array<boolean | Where>): boolean | Where {
  if (results.includes(false)) return false
  const wheres = results.filter((r): r is Where => typeof r === 'object')
  if (wheres.length === 0) return true
  return wheres.length === 1 ? (wheres[0] as Where) : { and: wheres }
}
