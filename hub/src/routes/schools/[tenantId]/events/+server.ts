import { isCmsError } from '@lyceum/cms-client'
import { error } from '@sveltejs/kit'
import { cms } from '../../../../lib/server/cms.ts'
import { env } from '../../../../lib/server/env.ts'
import type { ProgressView } from '../../../../lib/server/progress.ts'
import { findOwnSchool, loadProgress } from '../../../../lib/server/schools.ts'
import type { RequestHandler } from './$types'

/** How often the stream reads the cms (ms). */
const POLL_MS = 750
/** A stream ends after this long (ms); the browser's EventSource then reconnects by itself. */
const MAX_STREAM_MS = 5 * 60_000

/**
 * `GET /schools/<tenantId>/events`: the school's setup progress as server-sent events.
 * Each `progress` event carries a {@link ProgressView} as JSON, sent when it changes; the stream
 * ends after the view is settled (live, failed, suspended, closed). Same access as the page:
 * 401 signed out, 404 for a missing or foreign school.
 */
export const GET: RequestHandler = async ({ locals, params, request }) => {
  if (!locals.account) error(401, 'Sign in to follow your school’s setup.')
  const school = await findOwnSchool(cms, locals.account, params.tenantId).catch(unavailable)
  if (!school) error(404, 'Not found')

  const encoder = new TextEncoder()
  let timer: ReturnType<typeof setTimeout> | undefined
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const started = Date.now()
      let last = ''
      let closed = false
      const close = () => {
        if (closed) return
        closed = true
        clearTimeout(timer)
        controller.close()
      }
      request.signal.addEventListener('abort', close)
      const tick = async () => {
        if (closed) return
        let view: ProgressView | null = null
        try {
          view = await loadProgress(cms, school.id, env.LYCEUM_HUB_PUBLIC_URL)
        } catch (cause) {
          // A blip of the cms: keep the stream, try again at the next tick.
          if (!isCmsError(cause)) throw cause
        }
        if (closed) return
        if (view) {
          const json = JSON.stringify(view)
          if (json !== last) {
            last = json
            controller.enqueue(encoder.encode(`event: progress\ndata: ${json}\n\n`))
          }
        }
        if (!view || view.settled || Date.now() - started > MAX_STREAM_MS) return close()
        timer = setTimeout(tick, POLL_MS)
      }
      // A comment first, so proxies flush the headers at once.
      controller.enqueue(encoder.encode(': progress\nretry: 2000\n\n'))
      tick().catch((cause: unknown) => {
        console.error(`[hub] school progress stream ${school.id} stopped:`, cause)
        close()
      })
    },
    cancel() {
      clearTimeout(timer)
    },
  })
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    },
  })
}

function unavailable(cause: unknown): never {
  if (!isCmsError(cause)) throw cause
  error(503, 'The progress of your school is temporarily unavailable.')
}
