/**
 * The platform's one way to send email: a pooled nodemailer SMTP transport behind a small typed
 * API. Pooling keeps connections open between messages (without it each message pays a new
 * connection and greeting, about 100 ms locally and far more to a real provider).
 */
import nodemailer from 'nodemailer'
import { z } from 'zod'
import { MailConfigError, MailError, toMailError } from './errors.ts'
import type { RenderedEmail } from './templates/layout.ts'

/** Mailer configuration; see {@link createMailer}. */
export type MailerConfig = {
  /**
   * `smtp://host:port` (plain, upgraded with STARTTLS when the server offers it) or
   * `smtps://user:pass@host:465` (TLS from the start). Percent-encode special characters in the
   * user and password. Query parameters become nodemailer options (`?requireTLS=true`,
   * `?tls.rejectUnauthorized=false`).
   */
  smtpUrl: string
  /** Sender, `Name <address>` or a bare address: `Lyceum <no-reply@lyceum.example>`. */
  from: string
  /** How long to wait for the TCP connection and for the server's greeting, in ms (default 10 000). */
  connectionTimeoutMs?: number
  /** Pool size: concurrent SMTP connections (default 5). */
  maxConnections?: number
}

/** One message. `text` is the plain-text alternative and is always sent with `html`. */
export type OutgoingMessage = {
  /** One address or several; each `name@example.com` or `Name <name@example.com>`. */
  to: string | readonly string[]
  subject: string
  text: string
  html: string
  replyTo?: string
}

/** What the server accepted. */
export type SendResult = {
  /** The `Message-ID` header, `<uuid@sender-domain>`. */
  messageId: string
  /** Recipients the server accepted. */
  accepted: string[]
  /** Recipients the server refused while accepting the others (a send where all are refused throws). */
  rejected: string[]
}

/** A pooled SMTP mailer; create one per process and `close()` it on shutdown. */
export type Mailer = {
  /**
   * Sends one message.
   * @throws MailError `retryable` for connection failures and 4xx replies, not for 5xx or invalid input.
   */
  send(message: OutgoingMessage): Promise<SendResult>
  /**
   * Connects, greets and authenticates once, to check the configuration at startup.
   * @throws MailError as `send`.
   */
  verify(): Promise<void>
  /** Closes the pool's connections. Sends after `close()` throw. */
  close(): void
}

type Mailbox = { name: string; address: string }

const MAILBOX = /^\s*(?:"?([^"<>]*?)"?\s*<([^<>\s]+)>|([^<>\s"]+))\s*$/
const emailAddress = z.email()

/** Parses `Name <a@b.c>` or `a@b.c`; undefined when it is neither. */
function parseMailbox(value: string): Mailbox | undefined {
  const match = MAILBOX.exec(value)
  if (!match) return undefined
  const address = match[2] ?? match[3] ?? ''
  if (!emailAddress.safeParse(address).success) return undefined
  return { name: (match[1] ?? '').trim(), address }
}

const mailboxSchema = (example: string) =>
  z
    .string({ error: `Required: an email address, like ${example}.` })
    .refine((value) => parseMailbox(value) !== undefined, {
      error: `Use an email address, like ${example}.`,
    })

const smtpUrlSchema = z
  .string({ error: 'Required: an smtp:// or smtps:// URL, like smtp://127.0.0.1:1025.' })
  .superRefine((value, ctx) => {
    if (!URL.canParse(value)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'Not a URL. Use smtp://host:port or smtps://user:pass@host:465 (percent-encode special characters).',
      })
      return
    }
    const url = new URL(value)
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
      ctx.addIssue({ code: 'custom', message: `Use the smtp:// or smtps:// scheme, not ${url.protocol}//.` })
    }
    if (!url.hostname) ctx.addIssue({ code: 'custom', message: 'The URL has no host.' })
  })

const configSchema = z.object(
  {
    smtpUrl: smtpUrlSchema,
    from: mailboxSchema('Lyceum <no-reply@lyceum.example>'),
    connectionTimeoutMs: z.number().int().positive().default(10_000),
    maxConnections: z.number().int().positive().max(100).default(5),
  },
  { error: 'Pass a config object: { smtpUrl, from }.' },
)

const messageSchema = z.object({
  to: z
    .union([z.string(), z.array(z.string()).min(1, { error: 'Give at least one recipient.' })])
    .pipe(z.transform((to) => (typeof to === 'string' ? [to] : to))),
  subject: z.string().trim().min(1, { error: 'The subject cannot be empty.' }),
  text: z.string().min(1, { error: 'Always send a plain-text part.' }),
  html: z.string().min(1, { error: 'The HTML part cannot be empty.' }),
  replyTo: z.string().optional(),
})

function describeIssues(issues: z.core.$ZodIssue[]): { fields: string[]; text: string } {
  const fields = issues.map((issue) => issue.path.map(String).join('.') || '(root)')
  return { fields, text: issues.map((issue, i) => `${fields[i]}: ${issue.message}`).join('; ') }
}

/**
 * Creates a pooled SMTP mailer. Nothing connects until the first `send` or `verify`.
 *
 * @param config `{ smtpUrl, from, connectionTimeoutMs?, maxConnections? }` (see {@link MailerConfig}).
 * @returns `{ send, verify, close }`.
 * @throws MailConfigError naming each bad field (never echoing the URL's password).
 *
 * @example
 *   const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:1025', from: 'Lyceum <no-reply@lyceum.example>' })
 *   await sendTemplate(mailer, 'admin@northwind.example', welcome({ locale: 'en', … }))
 */
export function createMailer(config: MailerConfig): Mailer {
  const parsed = configSchema.safeParse(config)
  if (!parsed.success) {
    const { fields, text } = describeIssues(parsed.error.issues)
    throw new MailConfigError(`Invalid mailer config: ${text}`, fields)
  }
  const { smtpUrl, from, connectionTimeoutMs, maxConnections } = parsed.data
  const sender = parseMailbox(from)
  const transport = nodemailer.createTransport(
    {
      url: smtpUrl,
      pool: true,
      maxConnections,
      connectionTimeout: connectionTimeoutMs,
      greetingTimeout: connectionTimeoutMs,
      socketTimeout: 60_000,
    },
    { from: sender },
  )
  let closed = false

  const assertOpen = (): void => {
    if (closed) throw new MailError('The mailer is closed.', { code: 'ECLOSED', retryable: false })
  }

  return {
    async send(message) {
      assertOpen()
      const result = messageSchema.safeParse(message)
      if (!result.success) {
        const { text } = describeIssues(result.error.issues)
        throw new MailError(`Invalid message: ${text}`, { code: 'EINVALID', retryable: false })
      }
      const { to, subject, text, html, replyTo } = result.data
      const recipients = to.map((value) => ({ value, mailbox: parseMailbox(value) }))
      const invalid = recipients.filter((r) => r.mailbox === undefined).map((r) => r.value)
      const replyBox = replyTo === undefined ? undefined : parseMailbox(replyTo)
      if (invalid.length > 0 || (replyTo !== undefined && replyBox === undefined)) {
        const bad = [...invalid.map((v) => `to: not an email address: ${JSON.stringify(v)}`)]
        if (replyTo !== undefined && replyBox === undefined) {
          bad.push(`replyTo: not an email address: ${JSON.stringify(replyTo)}`)
        }
        throw new MailError(`Invalid message: ${bad.join('; ')}`, { code: 'EINVALID', retryable: false })
      }
      try {
        const info = await transport.sendMail({
          to: recipients.flatMap((r) => (r.mailbox ? [r.mailbox] : [])),
          subject,
          text,
          html,
          ...(replyBox ? { replyTo: replyBox } : {}),
        })
        return {
          messageId: info.messageId,
          accepted: info.accepted.map(addressOf),
          rejected: info.rejected.map(addressOf),
        }
      } catch (err) {
        throw toMailError(err, 'send')
      }
    },
    async verify() {
      assertOpen()
      try {
        await transport.verify()
      } catch (err) {
        throw toMailError(err, 'verify')
      }
    },
    close() {
      closed = true
      transport.close()
    },
  }
}

function addressOf(entry: string | { address: string }): string {
  return typeof entry === 'string' ? entry : entry.address
}

/**
 * Sends a rendered template: `sendTemplate(mailer, to, welcome({ … }))`.
 *
 * @param to one address or several.
 * @param rendered `{ subject, text, html }` from a template.
 * @param options.replyTo where replies go (e.g. the school's support address).
 * @throws MailError as `mailer.send`.
 */
export function sendTemplate(
  mailer: Mailer,
  to: string | readonly string[],
  rendered: RenderedEmail,
  options: { replyTo?: string } = {},
): Promise<SendResult> {
  return mailer.send({ to, ...rendered, ...options })
}
