import type { CollectionAfterChangeHook } from 'payload'
import { writeAudit } from '../../../hooks/audit.ts'

const WATCHED = ['status', 'plan', 'slug', 'name', 'locale'] as const

/** Audits tenant creation and every change of status, plan, slug, name or locale. */
export const auditTenantChange: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const field of WATCHED) {
    const from = previousDoc?.[field] ?? null
    const to = doc[field] ?? null
    if (operation === 'create' || JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to }
  }
  if (Object.keys(changes).length === 0) return doc
  await writeAudit(req, {
    action: operation === 'create' ? 'tenant.created' : 'tenant.updated',
    tenant: String(doc.id),
    target: `tenants:${doc.id}`,
    details: changes,
  })
  return doc
}
