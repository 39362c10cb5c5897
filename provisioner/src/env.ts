/**
 * The provisioner's environment, parsed once at start with zod. A bad value stops the process
 * with the variable's name and what is wrong, before anything connects. See README.md
 * ("Configuration") for the table.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback)

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined))

/** `host:port`, e.g. `127.0.0.1:3001`, parsed to `{ host, port }`. */
const hostPort = z
  .string()
  .trim()
  .regex(/^[a-z0-9.-]+:\d{1,5}$/i, { message: 'must be host:port, e.g. 127.0.0.1:3001' })
  .transform((value) => {
    const at = value.lastIndexOf(':')
    return { host: value.slice(0, at), port: Number(value.slice(at + 1)) }
  })

const schema = z
  .object({
    DATABASE_URL: z.url({ message: 'must be the postgres:// URL of the cms database' }),
    LYCEUM_CMS_URL: z.url({
      message: 'must be the cms URL the provisioner calls, e.g. http://127.0.0.1:3001',
    }),
    LYCEUM_CMS_HOST: optionalText,
    LYCEUM_PLATFORM_KEY: z
      .string({ message: 'is required: the platform service key (service-keys, kind platform)' })
      .trim()
      .min(16, { message: 'must be at least 16 characters (the platform service key)' }),
    LYCEUM_TENANT_CMS_URL: z.url().optional(),
    LYCEUM_TENANT_CMS_HOST: optionalText,
    LYCEUM_ROOT_DOMAIN: z.string().trim().min(1).default('localhost'),
    LYCEUM_PUBLIC_URL_TEMPLATE: z
      .string()
      .default('http://{slug}.localhost:8080')
      .refine((value) => value.includes('{slug}'), { message: 'must contain {slug}' })
      .refine((value) => URL.canParse(value.replace('{slug}', 'school')), {
        message: 'must be an http(s) URL once {slug} is replaced',
      }),
    LYCEUM_PROVISIONER_DRIVER: z
      .enum(['local', 'pulumi'], { message: 'must be local or pulumi' })
      .default('local'),
    LYCEUM_PROVISIONER_CONCURRENCY: int(1, 64, 4),
    LYCEUM_PROVISIONER_MAX_ATTEMPTS: int(1, 50, 5),
    LYCEUM_RETENTION_DAYS: z.coerce.number().min(0).max(3650).default(30),
    LYCEUM_IDLE_MINUTES: z.coerce.number().min(0).default(0),
    LYCEUM_DATA_DIR: z.string().min(1).default(path.join(repoRoot, '.data')),
    LYCEUM_TENANT_APP_SERVER: z
      .string()
      .min(1)
      .default(path.join(repoRoot, 'tenant-app', '.next', 'standalone', 'tenant-app', 'server.js')),
    LYCEUM_TENANT_ENV_PASSTHROUGH: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      ),
    LYCEUM_SMTP_URL: optionalText,
    LYCEUM_MAIL_FROM: z.string().default('Lyceum <no-reply@lyceum.localhost>'),
    LYCEUM_GATEWAY_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
    LYCEUM_GATEWAY_HUB: hostPort.optional(),
    LYCEUM_GATEWAY_CMS: hostPort.optional(),
    LYCEUM_RESERVED_SLUGS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((slug) => slug.trim())
          .filter(Boolean),
      ),
    LYCEUM_RECONCILE_SECONDS: z.coerce.number().min(0).default(30),
    /** `true`: put the schools' instances to sleep on shutdown (npm start); they wake on the next request. */
    LYCEUM_STOP_INSTANCES_ON_EXIT: z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .default('false')
      .transform((v) => v === 'true'),
    LYCEUM_HEALTH_TIMEOUT_SECONDS: z.coerce.number().positive().default(60),
    LYCEUM_POLL_INTERVAL_MS: int(50, 60_000, 1_000),
    LYCEUM_HEARTBEAT_MS: int(100, 60_000, 1_000),
    LYCEUM_STALE_AFTER_MS: int(500, 600_000, 5_000),
    LYCEUM_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    // The pulumi driver (LYCEUM_PROVISIONER_DRIVER=pulumi); required ones are checked below.
    PULUMI_BACKEND_URL: optionalText,
    PULUMI_CONFIG_PASSPHRASE: optionalText,
    PULUMI_CONFIG_PASSPHRASE_FILE: optionalText,
    LYCEUM_PULUMI_SECRETS_PROVIDER: optionalText,
    LYCEUM_PULUMI_CLI_ROOT: optionalText,
    LYCEUM_PULUMI_WORK_DIR: optionalText,
    CLOUDFLARE_API_TOKEN: optionalText,
    LYCEUM_CLOUDFLARE_ZONE_ID: optionalText,
    LYCEUM_CLOUDFLARE_API_URL: z.url().optional(),
    KUBECONFIG: optionalText,
    LYCEUM_TENANT_IMAGE: optionalText,
    LYCEUM_DNS_TARGET: optionalText,
    LYCEUM_INGRESS_CLASS: z.string().trim().min(1).default('nginx'),
    LYCEUM_TENANT_CPU_REQUEST: optionalText,
    LYCEUM_TENANT_CPU_LIMIT: optionalText,
    LYCEUM_TENANT_MEMORY_REQUEST: optionalText,
    LYCEUM_TENANT_MEMORY_LIMIT: optionalText,
    LYCEUM_TEST_PAUSE_AT: optionalText,
    LYCEUM_TEST_PAUSE_MS: z.coerce.number().int().min(0).optional(),
    NODE_ENV: z.string().default('development'),
  })
  .refine(
    (env) => env.LYCEUM_GATEWAY_PORT === undefined || (env.LYCEUM_GATEWAY_HUB && env.LYCEUM_GATEWAY_CMS),
    {
      message:
        'the gateway needs LYCEUM_GATEWAY_HUB and LYCEUM_GATEWAY_CMS (host:port of the hub and the cms)',
      path: ['LYCEUM_GATEWAY_PORT'],
    },
  )
  .superRefine((env, ctx) => {
    if (env.LYCEUM_PROVISIONER_DRIVER !== 'pulumi') return
    const required = {
      PULUMI_BACKEND_URL:
        'the Pulumi state backend, e.g. s3://bucket/lyceum or file:///var/lib/lyceum/pulumi',
      CLOUDFLARE_API_TOKEN: 'a Cloudflare API token with Zone:Read and DNS:Edit on the zone',
      LYCEUM_CLOUDFLARE_ZONE_ID: 'the id of the Cloudflare zone of LYCEUM_ROOT_DOMAIN',
      KUBECONFIG: 'the path of the kubeconfig of the cluster that runs the schools',
      LYCEUM_TENANT_IMAGE: 'the tenant-app image, pinned by tag or digest',
      LYCEUM_DNS_TARGET: "the hostname of the ingress controller's load balancer",
      LYCEUM_TENANT_CMS_URL: 'the https URL of the cms as the schools reach it',
    } as const
    for (const [name, what] of Object.entries(required)) {
      if (!env[name as keyof typeof required]) {
        ctx.addIssue({ code: 'custom', path: [name], message: `is required with the pulumi driver: ${what}` })
      }
    }
    const passphrase = env.PULUMI_CONFIG_PASSPHRASE ?? env.PULUMI_CONFIG_PASSPHRASE_FILE
    if (!env.LYCEUM_PULUMI_SECRETS_PROVIDER && !passphrase) {
      ctx.addIssue({
        code: 'custom',
        path: ['PULUMI_CONFIG_PASSPHRASE'],
        message:
          'is required with the pulumi driver (or PULUMI_CONFIG_PASSPHRASE_FILE, or LYCEUM_PULUMI_SECRETS_PROVIDER such as awskms://…): it encrypts the schools’ keys in the stack state',
      })
    }
  })
  .refine((env) => env.LYCEUM_STALE_AFTER_MS >= 3 * env.LYCEUM_HEARTBEAT_MS, {
    message: 'must be at least 3 × LYCEUM_HEARTBEAT_MS, or live workers look dead',
    path: ['LYCEUM_STALE_AFTER_MS'],
  })

export type ProvisionerEnv = z.infer<typeof schema>

/** Thrown for a bad environment; the message has one line per bad variable. */
export class EnvError extends Error {
  override name = 'EnvError'
}

/**
 * Parses the provisioner's environment from `source` (pure, for tests).
 * @throws EnvError naming each missing or invalid variable.
 */
export function parseProvisionerEnv(source: Record<string, string | undefined>): ProvisionerEnv {
  const parsed = schema.safeParse(source)
  if (parsed.success) return parsed.data
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`)
  throw new EnvError(`Invalid provisioner environment:\n${lines.join('\n')}`)
}

/** The environment of this process, parsed (see {@link parseProvisionerEnv}). */
export function loadEnv(): ProvisionerEnv {
  return parseProvisionerEnv(process.env)
}

/**
 * What instances inherit from the provisioner's own environment: PATH, HOME, TMPDIR, LANG, TZ,
 * plus the names in `LYCEUM_TENANT_ENV_PASSTHROUGH`. Nothing else (the platform key and
 * DATABASE_URL must never reach a school's instance).
 */
export function inheritedEnv(env: ProvisionerEnv): Record<string, string> {
  const names = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', ...env.LYCEUM_TENANT_ENV_PASSTHROUGH]
  const inherited: Record<string, string> = {}
  for (const name of names) {
    const value = process.env[name]
    if (value !== undefined && !['DATABASE_URL', 'LYCEUM_PLATFORM_KEY'].includes(name))
      inherited[name] = value
  }
  return inherited
}
