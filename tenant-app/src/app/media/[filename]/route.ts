import { getTenant, isCmsOutage } from '../../../lib/cms.ts'
import { fetchMediaFile, findPublicMedia, findSchoolMedia } from '../../../lib/media.ts'
import { parseMediaFilename } from '../../../lib/params.ts'
import { getMember } from '../../../lib/session.ts'

export const dynamic = 'force-dynamic'

/** A short cache keeps a replaced logo or cover timely; revalidation is a 304 (see the ETag). */
const CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400'

/** Members-only files (attachments): never kept by shared caches, always revalidated. */
const PRIVATE_CACHE_CONTROL = 'private, no-cache'

/** Headers of every file answer: no sniffing, and nothing active if an SVG is opened directly. */
const SAFE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
}

/** `If-None-Match` (a list, or `*`) against the file's ETag, weak or strong. */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t.replace(/^W\//, '') === etag
  })
}

function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers },
  })
}

/**
 * `GET /media/<filename>`: the school's logo or a published course's cover for anyone, and the
 * school's other files (lesson attachments, as a download) for its signed-in members, streamed
 * from the cms with the tenant key (see src/lib/media.ts). Anything else: 404; the cms down: 503.
 */
export async function GET(request: Request, { params }: { params: Promise<{ filename: string }> }) {
  const filename = parseMediaFilename((await params).filename)
  if (!filename) return text(404, 'Not found')
  try {
    const school = await getTenant()
    const publicMedia = await findPublicMedia(school, filename)
    // Not public: only for the school's members, who may read all its media in the cms too.
    const media = publicMedia ?? ((await getMember()) ? await findSchoolMedia(school, filename) : null)
    if (!media) return text(404, 'Not found')
    const cacheHeaders: Record<string, string> = publicMedia
      ? { ...SAFE_HEADERS, 'cache-control': CACHE_CONTROL, etag: media.etag }
      : {
          ...SAFE_HEADERS,
          'cache-control': PRIVATE_CACHE_CONTROL,
          etag: media.etag,
          vary: 'Cookie',
          'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
        }
    if (matches(request.headers.get('if-none-match'), media.etag)) {
      return new Response(null, { status: 304, headers: cacheHeaders })
    }
    const file = await fetchMediaFile(filename)
    if (file.status === 404) return text(404, 'Not found')
    if (file.status !== 200 || !file.body) return text(503, 'Service unavailable', { 'retry-after': '30' })
    const headers = new Headers(file.headers)
    for (const [name, value] of Object.entries(cacheHeaders)) headers.set(name, value)
    return new Response(file.body, { status: 200, headers })
  } catch (error) {
    if (!isCmsOutage(error)) throw error
    return text(503, 'Service unavailable', { 'retry-after': '30' })
  }
}
