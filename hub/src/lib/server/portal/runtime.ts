import { billingConfig, paddle, stripe } from '../billing/runtime.ts'
import { cms } from '../cms.ts'
import { env } from '../env.ts'
import type { PortalDeps } from './account.ts'

/** The portal's dependencies for a request to this hub at `origin` (the sandbox posts there). */
export const portalDeps = (origin: string): PortalDeps => ({
  cms,
  config: billingConfig,
  stripe,
  paddle,
  hubPublicUrl: env.LYCEUM_HUB_PUBLIC_URL,
  origin,
})
