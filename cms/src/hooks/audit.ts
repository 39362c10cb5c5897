import { actorRef } from '@lyceum/tenancy'
import type { PayloadRequest } from 'payload'
import { actorOf } from '../access/actor.ts'

export type AuditEntry = {
  action: string
  tenant?: string | null
  /** `<collection>:<id>` of the document acted on. */
  target: string
  details?: Record<string, unknown>
}

/**
 * Appends one entry to the audit log, inside the request's transaction, as the request's actor.
 * The log is append-only: no access rule allows update or delete, and a database trigger
 * refuses both (see the audit-log migration).
 */
export async function writeAudit(req: PayloadRequest, entry: AuditEntry): Promise<void> {
  await req.payload.create({
    collection: 'audit-log',
    data: {
      actor: actorRef(actorOf(req)),
      action: entry.action,
      tenant: entry.tenant ?? null,
      target: entry.target,
      at: new Date().toISOString(),
      details: entry.details ?? {},
    },
    overrideAccess: true,
    req,
  })
}
