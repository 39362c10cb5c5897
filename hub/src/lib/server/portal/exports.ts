/**
 * A school's data export on its owner's request: the same archive as at deprovisioning
 * (`exportTenantData` of `@lyceum/provisioner/engine`: documents as JSON, members, media files,
 * a manifest, in `<slug>-<UTC timestamp>.tar.gz`), made by a graphile-worker job the hub's worker
 * runs, then a mail to the owner with a link that works for 24 hours, for a signed-in owner of the
 * school only (the link alone is not enough). Decision 091.
 *
 * The link is `/account/schools/<id>/exports/<file>?exp=<unix ms>&sig=<HMAC-SHA256>`, signed with a
 * key derived from the platform key (the cms never sees it).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { readdir, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import type { CmsClient } from '@lyceum/cms-client'
import { LOCALES } from '@lyceum/domain'
import { type Mailer, MESSAGES, renderEmail } from '@lyceum/mail'
import { ensureQueueSchema, exportTenantData, type FileDownloader } from '@lyceum/provisioner/engine'
import type pg from 'pg'
import { z } from 'zod'
import { m } from '../../paraglide/messages.js'

/** Task identifier of export jobs (run by the hub's worker). */
export const EXPORT_TASK = 'lyceum_account_export'
/** How long an export link works, in ms. */
export const EXPORT_LINK_TTL_MS = 24 * 60 * 60 * 1000

export const exportPayloadSchema = z.object({
  tenantId: z.string().min(1),
  ownerId: z.string().min(1),
  email: z.string().email(),
  locale: z.enum(LOCALES),
})
export type ExportPayload = z.infer<typeof exportPayloadSchema>

/**
 * Queues an export of the school. One waiting export per school at a time (job key): asking twice
 * before it ran makes one archive.
 * @throws pg errors when the database is unreachable.
 */
export async function enqueueExport(pool: pg.Pool, payload: ExportPayload): Promise<void> {
  await ensureQueueSchema(pool)
  await pool.query(
    `select graphile_worker.add_job($1, $2::json, queue_name => $3, max_attempts => 5,
       job_key => $4, job_key_mode => 'preserve_run_at')`,
    [
      EXPORT_TASK,
      JSON.stringify(payload),
      `export:${payload.tenantId}`,
      `account-export:${payload.tenantId}`,
    ],
  )
}

/** The key that signs export links, derived from the platform key. */
export const exportLinkKey = (platformKey: string) =>
  createHmac('sha256', platformKey).update('lyceum-hub export-links v1').digest()

const signature = (key: Buffer, tenantId: string, file: string, exp: number) =>
  createHmac('sha256', key).update(`${tenantId}\n${file}\n${exp}`).digest('base64url')

/** The path (with query) of a signed download link for `file`, valid until `exp` (ms since the epoch). */
export function exportLinkPath(key: Buffer, tenantId: string, file: string, exp: number): string {
  const query = new URLSearchParams({ exp: String(exp), sig: signature(key, tenantId, file, exp) })
  return `/account/schools/${tenantId}/exports/${encodeURIComponent(file)}?${query}`
}

/** An archive name `exportTenantData` makes: `<slug>-YYYYMMDDTHHMMSSZ.tar.gz`. */
export const EXPORT_FILE_PATTERN = /^[a-z0-9][a-z0-9-]*-\d{8}T\d{6}Z\.tar\.gz$/

/**
 * Checks a download link: `valid`, `expired` (right signature, too late) or `invalid`.
 */
export function checkExportLink(
  key: Buffer,
  tenantId: string,
  file: string,
  exp: string | null,
  sig: string | null,
  now = Date.now(),
): 'valid' | 'expired' | 'invalid' {
  if (!EXPORT_FILE_PATTERN.test(file) || !exp || !sig || !/^\d{1,15}$/.test(exp)) return 'invalid'
  const expected = Buffer.from(signature(key, tenantId, file, Number(exp)))
  const given = Buffer.from(sig)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid'
  return Number(exp) > now ? 'valid' : 'expired'
}

export type ExportJobDeps = {
  cms: CmsClient
  exportDir: string
  download: FileDownloader
  mailer: Mailer | null
  linkKey: Buffer
  hubPublicUrl: string
  now?: () => Date
}

/**
 * Removes archives whose links have all expired (older than {@link EXPORT_LINK_TTL_MS}): they hold
 * members' names and emails, and nobody can download them any more. Returns the names removed.
 * @throws file-system errors other than a missing folder.
 */
export async function removeExpiredExports(exportDir: string, now = Date.now()): Promise<string[]> {
  const names = await readdir(exportDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[]
    throw error
  })
  const removed: string[] = []
  for (const name of names) {
    if (!EXPORT_FILE_PATTERN.test(name)) continue
    const file = path.join(exportDir, name)
    if ((await stat(file)).mtimeMs + EXPORT_LINK_TTL_MS < now) {
      await rm(file, { force: true })
      removed.push(name)
    }
  }
  return removed
}

/**
 * The export job: removes expired archives, writes this one, mails the owner the link, audit-logs
 * `account.export_ready`. A school that is gone by then is skipped.
 * @throws CmsError, file-system and tar errors, MailError (the job is retried).
 */
export async function runExport(deps: ExportJobDeps, payload: ExportPayload): Promise<string | null> {
  const tenant = await deps.cms.findByID('tenants', payload.tenantId, { depth: 0 })
  if (!tenant) return null
  const now = deps.now?.() ?? new Date()
  await removeExpiredExports(deps.exportDir, now.getTime())
  const result = await exportTenantData({
    cms: deps.cms,
    tenant,
    exportDir: deps.exportDir,
    download: deps.download,
    now,
  })
  const file = result.path.split('/').at(-1) ?? ''
  const exp = now.getTime() + EXPORT_LINK_TTL_MS
  const url = `${deps.hubPublicUrl.replace(/\/+$/, '')}${exportLinkPath(deps.linkKey, tenant.id, file, exp)}`
  if (deps.mailer) {
    const locale = payload.locale
    const messages = MESSAGES[locale]
    const options = { locale }
    const expires = new Intl.DateTimeFormat(locale, {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: 'UTC',
    })
    const mail = renderEmail(
      {
        lang: messages.intlLocale,
        subject: m.export_mail_subject({ school: tenant.name }, options),
        preheader: m.export_mail_preheader({}, options),
        heading: m.export_mail_heading({}, options),
        blocks: [
          { type: 'paragraph', text: m.export_mail_intro({ school: tenant.name }, options) },
          { type: 'button', label: m.export_mail_button({}, options), url },
          {
            type: 'note',
            text: m.export_mail_expiry({ date: `${expires.format(new Date(exp))} UTC` }, options),
          },
        ],
      },
      {
        productName: 'Lyceum',
        greeting: messages.common.greeting,
        signOff: messages.common.signOff('Lyceum'),
        footer: messages.common.footer('Lyceum'),
        linkFallback: messages.common.linkFallback,
      },
    )
    await deps.mailer.send({ to: payload.email, ...mail })
  }
  await deps.cms.create('audit-log', {
    actor: 'system',
    tenant: tenant.id,
    action: 'account.export_ready',
    target: `tenants:${tenant.id}`,
    at: new Date().toISOString(),
    details: { file, documents: result.documents, files: result.files, mailedTo: payload.email },
  })
  return file
}
