import { authorTenants, isPlatform, scopeIncludes } from '@lyceum/tenancy'
import type { FieldAccess } from 'payload'
import { actorOf } from '../../../access/actor.ts'
import { idOf } from '../../../lib/ids.ts'

/**
 * Which options are correct: the school's authors, the platform and the school's own key (whose
 * instance grades on the server) see it; learners never do, so their own token cannot read the
 * answers off the REST API. Grading happens in the cms (quiz-attempts' gradeAttempt).
 */
export const seeAnswers: FieldAccess = ({ req, doc }) => {
  const actor = actorOf(req)
  if (!req.user || isPlatform(actor)) return true
  const tenantId = idOf((doc as { tenant?: unknown } | undefined)?.tenant)
  if (actor.kind === 'tenant-key') return tenantId === actor.tenantId
  return scopeIncludes(authorTenants(actor), tenantId)
}
