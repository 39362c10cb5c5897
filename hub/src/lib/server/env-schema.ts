import { z } from 'zod'

/** Empty variables count as unset (`FOO= node …` is how shells and .env files leave one out). */
const blankAsUnset = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value

const httpUrl = (what: string) =>
  z
    .url({ protocol: /^https?$/, message: `must be an http:// or https:// URL (${what})` })
    .transform((value) => value.replace(/\/+$/, ''))
    .refine((value) => !/[?#]/.test(value), { message: `must not have a query or fragment (${what})` })

/** An optional secret; `prefix` is checked when given (a key pasted into the wrong variable fails at start). */
const secret = (prefix: string, what: string, pattern?: RegExp) =>
  z.preprocess(
    blankAsUnset,
    z
      .string()
      .trim()
      .refine((value) => (pattern ? pattern.test(value) : value.startsWith(prefix)), {
        message: `must be ${what}`,
      })
      .optional(),
  )

/** A whole number of days ≥ 0, with a default. */
const days = (fallback: number, what: string) =>
  z.preprocess(
    blankAsUnset,
    z.coerce
      .number({ message: `must be a whole number of days (${what})` })
      .int({ message: `must be a whole number of days (${what})` })
      .min(0, { message: `must be 0 or more (${what})` })
      .max(3650, { message: `must be at most 3650 (${what})` })
      .default(fallback),
  )

const hostname = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/

/**
 * The hub environment. `PORT`, `HOST`, `BODY_SIZE_LIMIT`, `PROTOCOL_HEADER`… are adapter-node's,
 * read by the adapter itself (see the README).
 */
const schema = z
  .object({
    NODE_ENV: z.preprocess(blankAsUnset, z.string().optional()),
    LYCEUM_CMS_URL: z.preprocess(
      blankAsUnset,
      httpUrl('the cms origin, e.g. http://127.0.0.1:3001').default('http://127.0.0.1:3001'),
    ),
    LYCEUM_CMS_HOST: z.preprocess(
      blankAsUnset,
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9.-]+(:\d{1,5})?$/, {
          message: 'must be a host name with an optional port, e.g. cms.localhost:8080',
        })
        .optional(),
    ),
    LYCEUM_PLATFORM_KEY: z.preprocess(blankAsUnset, z.string().trim().optional()),
    LYCEUM_ROOT_DOMAIN: z.preprocess(
      blankAsUnset,
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(hostname, { message: 'must be a host name without scheme or port, e.g. lyceum.example' })
        .default('localhost'),
    ),
    LYCEUM_HUB_PUBLIC_URL: z.preprocess(
      blankAsUnset,
      httpUrl('the public origin of the hub, e.g. https://lyceum.example').default('http://localhost:8080'),
    ),
    /** Extra reserved school subdomains, comma-separated (the cms refuses them too). */
    LYCEUM_RESERVED_SLUGS: z.preprocess(
      blankAsUnset,
      z
        .string()
        .default('')
        .transform((value) =>
          value
            .split(',')
            .map((slug) => slug.trim().toLowerCase())
            .filter(Boolean),
        ),
    ),
    /** SMTP server for the hub's emails (nodemailer URL, e.g. smtp://127.0.0.1:1025); unset: no emails. */
    LYCEUM_SMTP_URL: z.preprocess(
      blankAsUnset,
      z
        .string()
        .trim()
        .regex(/^smtps?:\/\//, { message: 'must be an smtp:// or smtps:// URL' })
        .optional(),
    ),
    LYCEUM_MAIL_FROM: z.preprocess(
      blankAsUnset,
      z.string().trim().default('Lyceum <no-reply@lyceum.localhost>'),
    ),
    /**
     * Where the customer portal writes the data exports owners ask for (archives with members'
     * emails: a private folder). Relative paths are from the hub's working directory.
     */
    LYCEUM_EXPORT_DIR: z.preprocess(blankAsUnset, z.string().trim().default('.data/exports/requested')),
    /** The cms's PostgreSQL: the billing job queue (graphile-worker) and the provisioner's lifecycle queue. */
    DATABASE_URL: z.preprocess(
      blankAsUnset,
      z
        .string()
        .trim()
        .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// or postgresql:// URL' })
        .optional(),
    ),
    STRIPE_SECRET_KEY: secret('sk_', 'a Stripe secret or restricted key, sk_… or rk_…', /^(sk|rk)_/),
    STRIPE_WEBHOOK_SECRET: secret('whsec_', 'the signing secret of the Stripe webhook endpoint, whsec_…'),
    PADDLE_API_KEY: secret('', 'a Paddle API key'),
    PADDLE_WEBHOOK_SECRET: secret('', 'the secret key of the Paddle notification destination'),
    PADDLE_ENVIRONMENT: z.preprocess(
      blankAsUnset,
      z
        .string()
        .trim()
        .refine((value) => value === 'sandbox' || value === 'production' || /^https?:\/\//.test(value), {
          message: 'must be sandbox, production, or an http(s) URL of a Paddle-compatible API',
        })
        .default('sandbox'),
    ),
    /** Signing secret of the sandbox provider's Stripe-shaped webhooks; random per start when unset. */
    LYCEUM_SANDBOX_WEBHOOK_SECRET: secret('whsec_', 'a whsec_… secret for the sandbox provider'),
    /**
     * The sandbox provider (free checkout, time machine): `auto` runs it only when no provider is
     * configured AND the root domain is `localhost`; `on` offers it anyway (a public demo);
     * `off` never. A hub on a real domain with no provider and no `on` refuses to start.
     */
    LYCEUM_BILLING_SANDBOX: z.preprocess(
      (value) => (typeof value === 'string' ? blankAsUnset(value.trim().toLowerCase()) : value),
      z.enum(['auto', 'on', 'off'], { message: 'must be auto, on or off' }).default('auto'),
    ),
    LYCEUM_BILLING_GRACE_DAYS: days(7, 'days a past_due school keeps running before it is suspended'),
    LYCEUM_BILLING_RETENTION_DAYS: days(30, 'days a canceled school is kept suspended before deprovisioning'),
  })
  .superRefine((value, ctx) => {
    for (const [key, secretName] of [
      ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'],
      ['PADDLE_API_KEY', 'PADDLE_WEBHOOK_SECRET'],
    ] as const) {
      if (Boolean(value[key]) !== Boolean(value[secretName])) {
        const missing = value[key] ? secretName : key
        ctx.addIssue({
          code: 'custom',
          path: [missing],
          message: `is required with ${value[key] ? key : secretName}: set both or neither`,
        })
      }
    }
    const provider = Boolean(value.STRIPE_SECRET_KEY || value.PADDLE_API_KEY)
    const local = value.LYCEUM_ROOT_DOMAIN === 'localhost' || value.LYCEUM_ROOT_DOMAIN.endsWith('.localhost')
    if (
      !provider &&
      (value.LYCEUM_BILLING_SANDBOX === 'off' || (value.LYCEUM_BILLING_SANDBOX === 'auto' && !local))
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['LYCEUM_BILLING_SANDBOX'],
        message:
          value.LYCEUM_BILLING_SANDBOX === 'off'
            ? 'is off, but no payment provider is configured: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, or PADDLE_API_KEY and PADDLE_WEBHOOK_SECRET'
            : `would make schools free on ${value.LYCEUM_ROOT_DOMAIN}: no payment provider is configured. Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, or PADDLE_API_KEY and PADDLE_WEBHOOK_SECRET; or LYCEUM_BILLING_SANDBOX=on for a demo where nobody pays`,
      })
    }
    if (value.NODE_ENV === 'production' && !value.LYCEUM_PLATFORM_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['LYCEUM_PLATFORM_KEY'],
        message: 'is required in production (NODE_ENV=production): the hub reads and writes the cms with it',
      })
    }
  })
  .transform(({ NODE_ENV, ...rest }) => ({ ...rest, production: NODE_ENV === 'production' }))

export type HubEnv = z.infer<typeof schema>

/**
 * Parses the hub environment. A bad value throws one error naming every faulty variable and
 * what is wrong with it, so the server stops at start instead of failing on some later request.
 */
export function parseHubEnv(source: Record<string, string | undefined>): HubEnv {
  const parsed = schema.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`)
    throw new Error(`Invalid hub environment:\n${lines.join('\n')}`)
  }
  return parsed.data
}
