import path from 'node:path'
import type { CmsClient } from '@lyceum/cms-client'
import type { Mailer } from '@lyceum/mail'
import { createCmsDownloader } from '@lyceum/provisioner/engine'
import type { TaskList } from 'graphile-worker'
import { env } from '../env.ts'
import { EXPORT_TASK, exportLinkKey, exportPayloadSchema, runExport } from './exports.ts'

/** The export links' signing key; null without a platform key (exports then cannot run). */
export const exportKey: Buffer | null = env.LYCEUM_PLATFORM_KEY
  ? exportLinkKey(env.LYCEUM_PLATFORM_KEY)
  : null

/** Where exports are written (LYCEUM_EXPORT_DIR, absolute). */
export const exportDir = path.resolve(env.LYCEUM_EXPORT_DIR)

/** The export task for the hub's worker (billing/runtime.ts starts it with the billing task). */
export function accountExportTasks(deps: { cms: CmsClient; mailer: Mailer | null }): TaskList {
  return {
    [EXPORT_TASK]: async (payload) => {
      if (!exportKey || !env.LYCEUM_PLATFORM_KEY) throw new Error('exports need LYCEUM_PLATFORM_KEY')
      await runExport(
        {
          cms: deps.cms,
          exportDir,
          download: createCmsDownloader({
            baseUrl: env.LYCEUM_CMS_URL,
            apiKey: env.LYCEUM_PLATFORM_KEY,
            ...(env.LYCEUM_CMS_HOST ? { host: env.LYCEUM_CMS_HOST } : {}),
          }),
          mailer: deps.mailer,
          linkKey: exportKey,
          hubPublicUrl: env.LYCEUM_HUB_PUBLIC_URL,
        },
        exportPayloadSchema.parse(payload),
      )
    },
  }
}
