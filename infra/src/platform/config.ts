/**
 * The platform stack's configuration: the root domain's DNS and the platform's own apps (hub and
 * cms) in the `lyceum-platform` namespace. Set once per environment by the operator.
 */
import { z } from 'zod'
import {
  type ContainerResources,
  cloudflareZoneIdSchema,
  configError,
  hostnameSchema,
  ingressClassNameSchema,
  pinnedImageSchema,
  replicasSchema,
  resourcesSchema,
} from '../shared/validation.ts'

/** Default requests and limits of a hub container (SvelteKit on Node). */
export const DEFAULT_HUB_RESOURCES: ContainerResources = {
  requests: { cpu: '50m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
}

/** Default requests and limits of the cms container (Payload on Next.js; the heaviest process). */
export const DEFAULT_CMS_RESOURCES: ContainerResources = {
  requests: { cpu: '100m', memory: '384Mi' },
  limits: { cpu: '1', memory: '1Gi' },
}

/** Env var names the platform stack sets itself; `env`/`secretEnv` may not override them. */
export const MANAGED_ENV_NAMES = [
  'PORT',
  'HOST',
  'HOSTNAME',
  'ORIGIN',
  'NODE_ENV',
  'NEXT_TELEMETRY_DISABLED',
  'DATABASE_URL',
  'PAYLOAD_SECRET',
  'LYCEUM_ROOT_DOMAIN',
  'LYCEUM_HUB_PUBLIC_URL',
  'LYCEUM_CMS_PUBLIC_URL',
  'LYCEUM_CMS_URL',
  'LYCEUM_PLATFORM_KEY',
  'LYCEUM_RESERVED_SLUGS',
  'LYCEUM_MEDIA_DIR',
  'LYCEUM_LOG_LEVEL',
] as const

const managed = new Set<string>(MANAGED_ENV_NAMES)
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

function envRecord(kind: 'env' | 'secretEnv') {
  return z
    .record(z.string(), z.string())
    .default({})
    .superRefine((record, ctx) => {
      for (const name of Object.keys(record)) {
        if (!ENV_NAME.test(name)) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'must be an env var name like LYCEUM_FOO' })
        } else if (managed.has(name)) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'is set by the platform stack; remove it' })
        }
      }
      if (kind === 'secretEnv') {
        for (const [name, value] of Object.entries(record)) {
          if (value.length === 0) ctx.addIssue({ code: 'custom', path: [name], message: 'must not be empty' })
        }
      }
    })
}

const postgresUrlSchema = z.string().superRefine((value, ctx) => {
  let protocol = ''
  try {
    protocol = new URL(value).protocol
  } catch {
    // reported below, without the value: it holds the database password
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    ctx.addIssue({ code: 'custom', message: 'must be a postgres:// or postgresql:// URL' })
  }
})

const appFields = {
  /** The app's image, pinned by tag (not `latest`) or digest. */
  image: pinnedImageSchema,
  /** Extra plain env vars (not credentials), e.g. `LYCEUM_LOG_LEVEL`-like switches. */
  env: envRecord('env'),
  /** Extra credentials: stored in the app's Secret and read through `secretKeyRef`. */
  secretEnv: envRecord('secretEnv'),
}

/**
 * Zod schema of the platform stack config. Unknown keys are errors. Parses to
 * {@link PlatformStackConfig}.
 */
export const platformStackConfigSchema = z.strictObject({
  /** The root domain: the hub serves it and `www.`; the cms serves `cms.`. */
  rootDomain: hostnameSchema,
  /** Id of the Cloudflare zone of `rootDomain`. */
  cloudflareZoneId: cloudflareZoneIdSchema,
  /** The ingress load balancer's hostname, which every platform record points at. */
  dnsTarget: hostnameSchema,
  /** The IngressClass to use; default `nginx`. */
  ingressClassName: ingressClassNameSchema,
  /** Extra reserved subdomains, passed to the cms as `LYCEUM_RESERVED_SLUGS`. */
  reservedSlugs: z
    .array(z.string().trim().toLowerCase().regex(DNS_LABEL, { message: 'must be a DNS label like academy' }))
    .default([]),
  hub: z.strictObject({
    ...appFields,
    /** Hub pods; default 2, so a node failure or a rollout never stops checkout or webhooks. */
    replicas: replicasSchema(2),
    /**
     * The platform service key (`LYCEUM_PLATFORM_KEY`), ≥ 16 characters; a Pulumi secret. The hub
     * refuses to start in production without it (hub/src/lib/server/env-schema.ts).
     */
    platformKey: z.string().min(16, { message: 'must be at least 16 characters' }),
    resources: resourcesSchema(DEFAULT_HUB_RESOURCES),
  }),
  cms: z.strictObject({
    ...appFields,
    resources: resourcesSchema(DEFAULT_CMS_RESOURCES),
    /** PostgreSQL connection URL (`DATABASE_URL`); a Pulumi secret. */
    databaseUrl: postgresUrlSchema,
    /** Payload's signing secret (`PAYLOAD_SECRET`), ≥ 32 characters; a Pulumi secret. */
    payloadSecret: z.string().min(32, { message: 'must be at least 32 characters of random text' }),
    /** Size of the media uploads volume (a Kubernetes quantity); default `10Gi`. */
    mediaVolumeSize: z
      .string()
      .trim()
      .regex(/^\d+(?:Mi|Gi|Ti)$/, { message: 'must be a size like 10Gi' })
      .default('10Gi'),
    /** StorageClass of the media volume; the cluster's default when left out. */
    storageClassName: z.string().trim().min(1).optional(),
    /** Payload's log level (`LYCEUM_LOG_LEVEL`); default `warn`. */
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  }),
})

/** Input accepted by {@link parsePlatformStackConfig}: optional fields may be left out. */
export type PlatformStackConfigInput = z.input<typeof platformStackConfigSchema>
/** A validated platform stack config with every default filled in. */
export type PlatformStackConfig = z.output<typeof platformStackConfigSchema>

/**
 * Validates the platform stack config and fills in the defaults (`ingressClassName` `nginx`,
 * hub `replicas` 2, resources {@link DEFAULT_HUB_RESOURCES} / {@link DEFAULT_CMS_RESOURCES}, media
 * volume `10Gi`, cms `logLevel` `warn`).
 *
 * @throws Error `Invalid platform stack config:` followed by one `field: problem` line per bad
 *   field (`hub.image`, `cms.databaseUrl`, `cms.payloadSecret`, …); values are never echoed.
 */
export function parsePlatformStackConfig(input: unknown): PlatformStackConfig {
  const parsed = platformStackConfigSchema.safeParse(input)
  if (!parsed.success) throw configError('platform stack config', parsed.error)
  return parsed.data
}
