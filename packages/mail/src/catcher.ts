/**
 * @lyceum/mail/catcher: a local SMTP server that keeps every message instead of delivering it,
 * with a browser UI and a REST API (MailDev 3, run in-process), plus a small client for tests and
 * the platform's dev tooling.
 *
 *   const catcher = await startMailCatcher({ smtpPort: 0, webPort: 0 }) // 0 = a free port
 *   const mailer = createMailer({ smtpUrl: catcher.smtpUrl, from: 'Lyceum <no-reply@lyceum.test>' })
 *   …
 *   const mail = await waitForMessage(catcher.webUrl, { to: 'ada@example.com', subjectIncludes: 'code' })
 *   const code = extractVerificationCode(mail.text)
 *   await catcher.stop()
 */
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { MailDev } from 'maildev'
import { z } from 'zod'

/** Options of {@link startMailCatcher}. */
export type MailCatcherOptions = {
  /** SMTP port (default 1025); 0 picks a free one. */
  smtpPort?: number
  /** Browser UI and REST API port (default 1080); 0 picks a free one. */
  webPort?: number
  /** Loopback address to bind both servers to (default `127.0.0.1`); anything else is refused. */
  host?: string
  /** Messages kept; the oldest are dropped beyond it (default 1000). */
  maxMessages?: number
}

/** A running catcher. */
export type MailCatcher = {
  /** For `createMailer({ smtpUrl })`: `smtp://127.0.0.1:1025`. */
  smtpUrl: string
  /** The browser UI, `http://127.0.0.1:1080`; also what the client functions below take. */
  webUrl: string
  /** The REST API root, `http://127.0.0.1:1080/api` (messages at `/api/email`). */
  apiUrl: string
  smtpPort: number
  webPort: number
  /** Stops both servers and deletes the stored messages. Safe to call twice. */
  stop(): Promise<void>
}

/** A caught message as the client returns it. */
export type CaughtMessage = {
  /** MailDev's id (8 characters), for `${webUrl}/api/email/${id}`. */
  id: string
  /** Sender address. */
  from: string
  /** Every recipient (To header and SMTP envelope), lower-cased, without duplicates. */
  to: string[]
  subject: string
  /** Plain-text part ('' when absent). */
  text: string
  /** HTML part exactly as sent ('' when absent). */
  html: string
  /** Arrival time (MailDev keeps whole seconds). */
  receivedAt: Date
}

const DEFAULT_MAX_MESSAGES = 1000

/**
 * Starts MailDev in this process, SMTP and web both bound to a loopback address.
 *
 * Each catcher stores its messages in its own temporary directory (removed by `stop()`): MailDev's
 * default, `$TMPDIR/maildev`, is shared by every instance on the machine, and its "delete all"
 * empties that whole directory, under any other running catcher too.
 *
 * @param options `{ smtpPort = 1025, webPort = 1080, host = '127.0.0.1', maxMessages = 1000 }`.
 * @returns `{ smtpUrl, webUrl, apiUrl, smtpPort, webPort, stop }` with the bound ports.
 * @throws Error for a non-loopback host, an invalid port, or a port already in use (the message
 *   suggests port 0).
 */
export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1'
  const smtpPort = options.smtpPort ?? 1025
  const webPort = options.webPort ?? 1080
  if (!isLoopback(host)) {
    throw new Error(
      `Mail catcher: host must be a loopback address (127.0.0.1 or ::1), got ${JSON.stringify(host)}.`,
    )
  }
  for (const [name, port] of [
    ['smtpPort', smtpPort],
    ['webPort', webPort],
  ] as const) {
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new Error(`Mail catcher: ${name} must be an integer from 0 to 65535, got ${port}.`)
    }
  }
  if (smtpPort !== 0 && smtpPort === webPort) {
    throw new Error(`Mail catcher: smtpPort and webPort are both ${smtpPort}.`)
  }
  await assertPortFree(host, smtpPort, 'smtpPort')
  await assertPortFree(host, webPort, 'webPort')

  const mailDirectory = await mkdtemp(path.join(tmpdir(), 'lyceum-mail-catcher-'))
  const maildev = new MailDev({
    smtp: smtpPort,
    web: webPort,
    ip: host,
    webIp: host,
    mailDirectory,
    maxEmails: options.maxMessages ?? DEFAULT_MAX_MESSAGES,
    silent: true,
  })
  let servers: Awaited<ReturnType<MailDev['start']>>
  try {
    servers = await maildev.start()
  } catch (err) {
    await stopHalfStarted(maildev)
    await rm(mailDirectory, { recursive: true, force: true })
    throw new Error(
      `Mail catcher: MailDev did not start: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      },
    )
  }
  const boundSmtp = servers.smtp.getPort()
  const boundWeb = servers.api?.getPort() ?? webPort
  const urlHost = host.includes(':') ? `[${host}]` : host
  const webUrl = `http://${urlHost}:${boundWeb}`
  let stopping: Promise<void> | undefined
  return {
    smtpUrl: `smtp://${urlHost}:${boundSmtp}`,
    webUrl,
    apiUrl: `${webUrl}/api`,
    smtpPort: boundSmtp,
    webPort: boundWeb,
    stop() {
      stopping ??= (async () => {
        try {
          await maildev.stop()
        } finally {
          await rm(mailDirectory, { recursive: true, force: true })
        }
      })()
      return stopping
    },
  }
}

function isLoopback(host: string): boolean {
  if (net.isIPv4(host)) return host.startsWith('127.')
  return host === '::1'
}

async function assertPortFree(host: string, port: number, name: string): Promise<void> {
  if (port === 0) return
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `Mail catcher: ${name} ${port} on ${host} is already in use (another catcher or MailDev?). Pass ${name}: 0 for a free port.`
            : `Mail catcher: cannot bind ${name} ${port} on ${host}: ${err.message}`,
          { cause: err },
        ),
      )
    })
    probe.listen(port, host, () => probe.close(() => resolve()))
  })
}

/**
 * MailDev 3's `stop()` does nothing after a failed `start()`, although the SMTP server may already
 * be listening (it starts before the web server), which would keep the process alive. Stop what
 * its orchestrator holds, defensively: these are private fields.
 */
async function stopHalfStarted(maildev: MailDev): Promise<void> {
  const orchestrator: unknown = Reflect.get(maildev, 'orchestrator')
  if (typeof orchestrator !== 'object' || orchestrator === null) return
  for (const key of ['api', 'smtp', 'storage']) {
    const server: unknown = Reflect.get(orchestrator, key)
    if (typeof server !== 'object' || server === null) continue
    const stop: unknown = Reflect.get(server, key === 'storage' ? 'close' : 'stop')
    if (typeof stop === 'function') await Promise.resolve(stop.call(server)).catch(() => undefined)
  }
}

const addressSchema = z.object({ address: z.string() }).loose()
const maildevEmailSchema = z
  .object({
    id: z.string(),
    time: z.string().or(z.number()).optional(),
    subject: z.string().optional(),
    from: z.array(addressSchema).optional(),
    to: z.array(addressSchema).optional(),
    envelope: z
      .object({ to: z.array(addressSchema).optional() })
      .loose()
      .optional(),
    text: z.string().optional(),
    html: z.string().optional(),
  })
  .loose()

function toCaught(email: z.infer<typeof maildevEmailSchema>): CaughtMessage {
  const to = [...(email.to ?? []), ...(email.envelope?.to ?? [])].map((a) => a.address.toLowerCase())
  return {
    id: email.id,
    from: email.from?.[0]?.address ?? '',
    to: [...new Set(to)],
    subject: email.subject ?? '',
    text: email.text ?? '',
    html: email.html ?? '',
    receivedAt: email.time === undefined ? new Date(Number.NaN) : new Date(email.time),
  }
}

function apiRoot(webUrl: string): string {
  return `${webUrl.replace(/\/+$/, '')}/api`
}

/**
 * Every message the catcher holds, oldest first (`GET /api/email`).
 *
 * @param webUrl the catcher's `webUrl` (`http://127.0.0.1:1080`).
 * @throws Error when the catcher does not answer with a list of emails within 5 s.
 */
export async function listMessages(webUrl: string): Promise<CaughtMessage[]> {
  const response = await fetch(`${apiRoot(webUrl)}/email`, { signal: AbortSignal.timeout(5_000) })
  if (!response.ok) throw new Error(`Mail catcher: GET /api/email answered ${response.status}.`)
  const body = z.array(maildevEmailSchema).safeParse(await response.json())
  if (!body.success) throw new Error(`Mail catcher: unexpected /api/email response: ${body.error.message}`)
  return body.data.map(toCaught)
}

/**
 * Deletes every message the catcher holds (`DELETE /api/email/all`).
 *
 * @throws Error when the catcher refuses or does not answer within 5 s.
 */
export async function clearMessages(webUrl: string): Promise<void> {
  const response = await fetch(`${apiRoot(webUrl)}/email/all`, {
    method: 'DELETE',
    signal: AbortSignal.timeout(5_000),
  })
  if (!response.ok) throw new Error(`Mail catcher: DELETE /api/email/all answered ${response.status}.`)
}

/** What {@link waitForMessage} waits for. */
export type WaitForMessageOptions = {
  /** A recipient address (case-insensitive). */
  to: string
  /** A substring the subject must contain (case-sensitive). */
  subjectIncludes?: string
  /** Give up after this many ms (default 10 000). */
  timeoutMs?: number
  /** Poll interval in ms (default 50). */
  intervalMs?: number
}

/**
 * Polls the REST API until a message to `to` (and with `subjectIncludes` in its subject) is there,
 * and returns the newest such message.
 *
 * @returns `{ id, from, to, subject, text, html, receivedAt }`.
 * @throws Error after `timeoutMs`: `No message to x@y with a subject containing "…" arrived within
 *   N ms.` followed by what the catcher holds (or why it could not be read).
 */
export async function waitForMessage(webUrl: string, options: WaitForMessageOptions): Promise<CaughtMessage> {
  const { to, subjectIncludes, timeoutMs = 10_000, intervalMs = 50 } = options
  const wanted = to.trim().toLowerCase()
  const deadline = Date.now() + timeoutMs
  let seen: CaughtMessage[] = []
  let lastError: unknown
  for (;;) {
    try {
      seen = await listMessages(webUrl)
      lastError = undefined
      const match = seen.findLast(
        (m) =>
          m.to.includes(wanted) && (subjectIncludes === undefined || m.subject.includes(subjectIncludes)),
      )
      if (match) return match
    } catch (err) {
      lastError = err
    }
    const left = deadline - Date.now()
    if (left <= 0) break
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, left)))
  }
  const what = `No message to ${wanted}${
    subjectIncludes === undefined ? '' : ` with a subject containing ${JSON.stringify(subjectIncludes)}`
  } arrived within ${timeoutMs} ms.`
  if (lastError !== undefined) {
    throw new Error(`${what} The catcher at ${webUrl} could not be read: ${String(lastError)}`, {
      cause: lastError,
    })
  }
  const held =
    seen.length === 0
      ? 'The catcher holds no messages.'
      : `The catcher holds ${seen.length}: ${seen
          .slice(-5)
          .map((m) => `${JSON.stringify(m.subject)} to ${m.to.join(', ')}`)
          .join('; ')}${seen.length > 5 ? ' (last 5 shown)' : ''}.`
  throw new Error(`${what} ${held}`)
}

/**
 * Finds the 6-digit verification code in a message's text: a line that is exactly six digits
 * (how `verificationCode` writes it), else the first run of exactly six digits.
 *
 * @returns the code as a string (leading zeros kept).
 * @throws Error when the text has no 6-digit code.
 */
export function extractVerificationCode(text: string): string {
  const ownLine = /^[ \t]*(\d{6})[ \t]*$/m.exec(text)
  const anywhere = ownLine ?? /(?<!\d)(\d{6})(?!\d)/.exec(text)
  const code = anywhere?.[1]
  if (code === undefined) {
    throw new Error(`No 6-digit verification code in the text: ${JSON.stringify(text.slice(0, 200))}`)
  }
  return code
}
