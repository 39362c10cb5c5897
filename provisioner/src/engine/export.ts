/**
 * The data export made when a school is deprovisioned: its documents as JSON plus its media
 * files, in `<exportDir>/<slug>-<UTC timestamp>.tar.gz`.
 *
 * Layout inside the archive (also the layout of the directory it is made from):
 *
 *   manifest.json        { format: 'lyceum-tenant-export', version: 1, tenant, exportedAt,
 *                          collections: { <name>: <count> }, files: [{ path, bytes, sha256 }] }
 *   tenant.json          the school's `tenants` document
 *   documents/<collection>.json   courses, sections, lessons, enrollments, lesson-progress, media
 *   members.json         [{ userId, email, name, role }]: users' memberships of this school only
 *   media/<filename>     the uploaded files
 *
 * Archive format: GNU `tar -czf` when a `tar` binary is on PATH (it is on every Linux and macOS;
 * no archive library is a dependency of this package, and a hand-written tar writer is not worth
 * its bugs). Without `tar`, the directory itself is the export (with the same manifest).
 * Crash safety: the export is built in `<name>.partial/` and renamed into place, so an export path
 * that exists is complete; leftovers of a killed attempt are removed by the next one.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmod, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import http from 'node:http'
import https from 'node:https'
import path from 'node:path'
import type { CmsClient } from '@lyceum/cms-client'
import type { Tenant } from '@lyceum/cms-client/payload-types'
import { findAll } from './cms.ts'

/** The tenant-scoped collections exported (and later purged), children first. */
export const TENANT_CONTENT_COLLECTIONS = [
  'lesson-progress',
  'enrollments',
  'lessons',
  'sections',
  'courses',
  'media',
] as const

/** Downloads a file the cms serves (a media file) by its path, with the platform credential. */
export type FileDownloader = (pathname: string) => Promise<Uint8Array>

/** What {@link exportTenantData} wrote. */
export type ExportResult = {
  /** The archive (`.tar.gz`) or, without `tar`, the directory. */
  path: string
  format: 'tar.gz' | 'directory'
  documents: Record<string, number>
  files: number
}

let tarAvailable: boolean | undefined
function hasTar(): boolean {
  tarAvailable ??= spawnSync('tar', ['--version'], { stdio: 'ignore' }).status === 0
  return tarAvailable
}

/** `2026-03-01T12:30:05.123Z` → `20260301T123005Z`. */
export function exportTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
}

/**
 * Exports one school's data (see the module comment).
 * @throws CmsError when the cms cannot be read; Error when a file cannot be downloaded or `tar`
 *   fails. Nothing is left at the final path on failure.
 */
export async function exportTenantData(options: {
  cms: CmsClient
  tenant: Tenant
  exportDir: string
  download: FileDownloader
  now?: Date
}): Promise<ExportResult> {
  const { cms, tenant, exportDir } = options
  const exportedAt = options.now ?? new Date()
  await mkdir(exportDir, { recursive: true })
  for (const name of await readdir(exportDir)) {
    if (name.startsWith(`${tenant.slug}-`) && name.endsWith('.partial')) {
      await rm(path.join(exportDir, name), { recursive: true, force: true })
    }
  }
  const base = `${tenant.slug}-${exportTimestamp(exportedAt)}`
  const work = path.join(exportDir, `${base}.partial`)
  await mkdir(path.join(work, 'documents'), { recursive: true })
  const files: Array<{ path: string; bytes: number; sha256: string }> = []
  const put = async (relative: string, data: string | Uint8Array) => {
    const target = path.join(work, relative)
    await mkdir(path.dirname(target), { recursive: true })
    await writeFile(target, data, { mode: 0o600 })
    const buffer = typeof data === 'string' ? Buffer.from(data) : data
    files.push({
      path: relative,
      bytes: buffer.byteLength,
      sha256: createHash('sha256').update(buffer).digest('hex'),
    })
  }
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

  await put('tenant.json', json(tenant))
  const documents: Record<string, number> = {}
  for (const collection of TENANT_CONTENT_COLLECTIONS) {
    const docs = await findAll(cms, collection, {
      where: { tenant: { equals: tenant.id } },
      sort: 'createdAt',
    })
    documents[collection] = docs.length
    await put(`documents/${collection}.json`, json(docs))
    if (collection === 'media') {
      for (const media of docs as Array<{ filename?: string | null; url?: string | null }>) {
        if (!media.filename) continue
        const safe = path.basename(media.filename)
        const pathname = media.url
          ? new URL(media.url, cms.baseUrl).pathname
          : `/api/media/file/${encodeURIComponent(media.filename)}`
        await put(`media/${safe}`, await options.download(pathname))
      }
    }
  }
  const users = await findAll(cms, 'users', {
    where: { 'memberships.tenant': { equals: tenant.id } },
  })
  const members = users.flatMap((user) =>
    (user.memberships ?? [])
      .filter((m) => (typeof m.tenant === 'string' ? m.tenant : m.tenant?.id) === tenant.id)
      .map((m) => ({ userId: user.id, email: user.email, name: user.name ?? null, role: m.role })),
  )
  documents.members = members.length
  await put('members.json', json(members))
  const manifest = {
    format: 'lyceum-tenant-export',
    version: 1,
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
    exportedAt: exportedAt.toISOString(),
    collections: documents,
    files: [...files],
  }
  await writeFile(path.join(work, 'manifest.json'), json(manifest), { mode: 0o600 })
  const mediaFiles = files.filter((f) => f.path.startsWith('media/')).length

  if (hasTar()) {
    const final = path.join(exportDir, `${base}.tar.gz`)
    const temp = path.join(exportDir, `${base}.tar.gz.partial`)
    const tar = spawnSync('tar', ['-czf', temp, '-C', work, '.'], { encoding: 'utf8' })
    if (tar.status !== 0) {
      await rm(temp, { force: true })
      throw new Error(`tar failed (${tar.status ?? tar.signal}): ${tar.stderr.trim()}`)
    }
    await chmod(temp, 0o600) // names and emails of the school's members
    await rename(temp, final)
    await rm(work, { recursive: true, force: true })
    return { path: final, format: 'tar.gz', documents, files: mediaFiles }
  }
  const final = path.join(exportDir, base)
  await rename(work, final)
  return { path: final, format: 'directory', documents, files: mediaFiles }
}

/** Whether an export recorded earlier is still there. */
export async function exportExists(exportPath: string): Promise<boolean> {
  try {
    await stat(exportPath)
    return true
  } catch {
    return false
  }
}

/**
 * A {@link FileDownloader} for the cms: `GET <baseUrl><pathname>` with the platform key, over
 * node:http(s) so that `host` (the local gateway's Host header) can be sent. The cms client has no
 * binary download; this is the one place the provisioner reads the cms without it.
 *
 * @throws Error for a non-200 answer, a network error, or no answer within `timeoutMs` (60 s).
 */
export function createCmsDownloader(options: {
  baseUrl: string
  apiKey: string
  host?: string
  timeoutMs?: number
}): FileDownloader {
  const timeoutMs = options.timeoutMs ?? 60_000
  return (pathname) =>
    new Promise((resolve, reject) => {
      const url = new URL(pathname, options.baseUrl)
      const get = url.protocol === 'https:' ? https.get : http.get
      const headers: Record<string, string> = { authorization: `service-keys API-Key ${options.apiKey}` }
      if (options.host) headers.host = options.host
      const req = get(url, { headers, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          if (res.statusCode === 200) resolve(new Uint8Array(Buffer.concat(chunks)))
          else reject(new Error(`GET ${url.pathname} answered ${res.statusCode}`))
        })
      })
      req.on('timeout', () => req.destroy(new Error(`GET ${url.pathname}: no answer within ${timeoutMs} ms`)))
      req.on('error', reject)
    })
}
