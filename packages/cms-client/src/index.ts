/**
 * @lyceum/cms-client: the typed client of the cms REST API. The hub, the provisioner and the
 * tenant-app reach the cms (Payload on PostgreSQL, the single source of truth) only through it.
 *
 *   const cms = createCmsClient({ baseUrl, auth: { apiKey } })
 *   const plans = await cms.find('plans', { where: { active: { equals: true } } })
 *
 * Document types are generated from the cms collections (src/payload-types.ts).
 */
export {
  type CmsAuth,
  type CmsClient,
  type CmsClientOptions,
  createCmsClient,
  type ImpersonationSession,
  type ImpersonationTicket,
} from './client.ts'
export {
  CmsError,
  type CmsErrorCode,
  type CmsErrorInit,
  codeForStatus,
  type FieldError,
  isCmsError,
} from './errors.ts'
export { idOf } from './ids.ts'
export type * from './payload-types.ts'
export {
  MAX_ARRAY_LENGTH,
  MAX_KEY_SEGMENTS,
  MAX_PARAMETERS,
  type QueryParams,
  toQueryString,
} from './query-string.ts'
export type { CmsFetch } from './transport.ts'
export type * from './types.ts'
export { normalizeWhere, WHERE_OPERATORS } from './where.ts'
