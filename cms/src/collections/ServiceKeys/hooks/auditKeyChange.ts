import type { CollectionAfterChangeHook } from 'payload'
import { writeAudit } from '../../../hooks/audit.ts'
import { idOf } from '../../../lib/ids.ts'

/** Audits minting and revoking of service keys (never the key itself). */
export const auditKeyChange: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  const revoked = Boolean(doc.revokedAt) && !previousDoc?.revokedAt
  if (operation !== 'create' && !revoked) return doc
  await writeAudit(req, {
    action: operation === 'create' ? 'service-key.minted' : 'service-key.revoked',
    tenant: idOf(doc.tenant),
    target: `service-keys:${doc.id}`,
    details: { kind: doc.kind, name: doc.name },
  })
  return doc
}
