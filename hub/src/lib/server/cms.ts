import { createCmsClient } from '@lyceum/cms-client'
import { env } from './env.ts'

/**
 * The hub's one cms client. With `LYCEUM_PLATFORM_KEY` it acts as the platform; without it (dev
 * only, see env-schema.ts) it is anonymous, which is enough for the public plans. Through the
 * local gateway, `LYCEUM_CMS_HOST` names the cms (Node cannot resolve `*.localhost`).
 */
export const cms = createCmsClient({
  baseUrl: env.LYCEUM_CMS_URL,
  host: env.LYCEUM_CMS_HOST,
  auth: env.LYCEUM_PLATFORM_KEY ? { apiKey: env.LYCEUM_PLATFORM_KEY } : null,
  userAgent: 'lyceum-hub',
  timeoutMs: 5_000,
})
