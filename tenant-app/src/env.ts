import { tenantSlugSchema } from '@lyceum/domain'
import { z } from 'zod'

/**
 * The environment of one school's instance. One build serves every school, so nothing is read
 * at build time: {@link getEnv} parses `process.env` on first use, and `src/instrumentation.ts`
 * calls {@link checkEnvAtStartup} when the server starts, so a bad value stops the process
 * before it serves anything, naming the variable.
 */

const httpUrl = (what: string) =>
  z
    .string({ message: `is required: ${what}` })
    .trim()
    .pipe(
      z.url({
        protocol: /^https?$/,
        message: `must be an http(s) URL: ${what}`,
      }),
    )
    .transform((value) => value.replace(/\/+$/, ''))

/** `host[:port]`, as sent in a Host header: a DNS name or an IPv4 address. */
const HOST_HEADER =
  /^(?=.{1,253}(?::\d{1,5})?$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i

const schema = z.object({
  LYCEUM_TENANT_SLUG: z
    .string({ message: 'is required: the school this instance serves (its subdomain, e.g. northwind)' })
    .pipe(tenantSlugSchema()),
  LYCEUM_CMS_URL: httpUrl('where the cms answers, e.g. http://127.0.0.1:3001'),
  LYCEUM_CMS_HOST: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || HOST_HEADER.test(value), {
      message: 'must be a host name with an optional port, e.g. cms.localhost:8080',
    }),
  LYCEUM_TENANT_API_KEY: z
    .string({ message: 'is required: the school’s tenant key (service-keys, kind tenant)' })
    .trim()
    .min(16, { message: 'must be at least 16 characters (the school’s tenant key)' }),
  LYCEUM_PUBLIC_URL: httpUrl('the address visitors use, e.g. https://northwind.example.com'),
  /** Where invitations and password-reset mails go out; without it, sending says so to the admin. */
  LYCEUM_SMTP_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || /^smtps?:\/\/[^\s]+$/.test(value), {
      message: 'must be an smtp:// or smtps:// URL, e.g. smtp://127.0.0.1:1025',
    }),
  /** The sender of the school's mails, `Name <address>` or an address. */
  LYCEUM_MAIL_FROM: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : 'Lyceum <no-reply@lyceum.localhost>')),
})

export type TenantEnv = z.infer<typeof schema>

/** Thrown for a missing or invalid variable; the message names every bad variable. */
export class EnvError extends Error {
  override name = 'EnvError'
  /** The names of the missing or invalid variables. */
  readonly variables: string[]
  constructor(variables: string[], lines: string[]) {
    super(`Invalid tenant-app environment:\n${lines.join('\n')}`)
    this.variables = variables
  }
}

/**
 * Parses the tenant-app environment from `source` (pure, for tests and the start-up check).
 * @throws EnvError naming each missing or invalid variable and what is expected of it.
 */
export function parseTenantEnv(source: Record<string, string | undefined>): TenantEnv {
  const parsed = schema.safeParse(source)
  if (parsed.success) return parsed.data
  const variables: string[] = []
  const lines: string[] = []
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? '(env)')
    if (!variables.includes(name)) variables.push(name)
    lines.push(`  ${name}: ${issue.message}`)
  }
  throw new EnvError(variables, lines)
}

let cached: TenantEnv | undefined

/**
 * The parsed environment, read from `process.env` on first use and kept. Never called at build
 * time (pages that reach it are dynamic), so `next build` needs no env.
 * @throws EnvError when a variable is missing or invalid.
 */
export function getEnv(): TenantEnv {
  cached ??= parseTenantEnv(process.env)
  return cached
}

/**
 * Run once when the server starts (from `register()` in src/instrumentation.ts): a bad env
 * prints the problem and exits with status 1 instead of serving. Skipped while `next build`
 * runs, which loads the instrumentation hook without any school's env.
 */
export function checkEnvAtStartup(): void {
  if (process.env.NEXT_PHASE === 'phase-production-build') return
  if (process.env.NEXT_RUNTIME && process.env.NEXT_RUNTIME !== 'nodejs') return
  try {
    const env = getEnv()
    console.log(
      `tenant-app: serving school "${env.LYCEUM_TENANT_SLUG}" with the cms at ${env.LYCEUM_CMS_URL}`,
    )
  } catch (error) {
    if (!(error instanceof EnvError)) throw error
    console.error(`${error.message}\nThe tenant-app did not start; fix the variables above.`)
    process.exit(1)
  }
}
