/**
 * The tenant stack's configuration: everything one school's stack (`tenant-<slug>`) needs,
 * validated before Pulumi runs. The provisioner builds it from the cms tenant record and the
 * operator's settings; the slug rules come from `@lyceum/domain`.
 */
import { checkTenantSlug, LOCALES } from '@lyceum/domain'
import { z } from 'zod'
import {
  type ContainerResources,
  cloudflareZoneIdSchema,
  configError,
  DNS_LABEL_MAX_LENGTH,
  HOSTNAME_MAX_LENGTH,
  hostnameSchema,
  httpsUrlSchema,
  ingressClassNameSchema,
  pinnedImageSchema,
  replicasSchema,
  resourcesSchema,
} from '../shared/validation.ts'

/** Prefix of the tenant's stack name and Kubernetes namespace. */
export const TENANT_PREFIX = 'tenant-'
/**
 * Longest slug whose namespace is plainly `tenant-<slug>`; longer slugs (up to the 63 characters
 * `@lyceum/domain` allows) get a shortened, hashed namespace: see `tenantNames`.
 */
export const TENANT_SLUG_MAX_LENGTH = DNS_LABEL_MAX_LENGTH - TENANT_PREFIX.length

/** Default requests and limits of a school's tenant-app container (one small Next.js server). */
export const DEFAULT_TENANT_RESOURCES: ContainerResources = {
  requests: { cpu: '50m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
}

/** The shortest tenant API key accepted (characters). Keys are minted by the provisioner. */
export const TENANT_API_KEY_MIN_LENGTH = 16

const slugSchema = z.string().transform((value, ctx) => {
  const check = checkTenantSlug(value)
  if (!check.ok) {
    ctx.addIssue({ code: 'custom', message: check.message })
    return z.NEVER
  }
  return check.slug
})

/**
 * Zod schema of the tenant stack config. Unknown keys are errors (a misspelt optional field would
 * otherwise silently fall back to its default). Parses to {@link TenantStackConfig}.
 */
export const tenantStackConfigSchema = z
  .strictObject({
    /** The school's subdomain, checked with `checkTenantSlug` (normalised to lower case). */
    slug: slugSchema,
    /** The platform's root domain: the school lives on `<slug>.<rootDomain>`. */
    rootDomain: hostnameSchema,
    /** Id of the Cloudflare zone serving `rootDomain`. */
    cloudflareZoneId: cloudflareZoneIdSchema,
    /** The ingress load balancer's hostname, which the CNAME points at. */
    dnsTarget: hostnameSchema,
    /** The tenant-app image, pinned by tag (not `latest`) or digest. */
    image: pinnedImageSchema,
    /** Public https URL of the cms the tenant-app calls. */
    cmsUrl: httpsUrlSchema,
    /** The school's locale. */
    locale: z.enum(LOCALES),
    /** The school's tenant-scoped cms key; stored only in a Kubernetes Secret, as a Pulumi secret. */
    tenantApiKey: z.string().min(TENANT_API_KEY_MIN_LENGTH, {
      message: `must be at least ${TENANT_API_KEY_MIN_LENGTH} characters`,
    }),
    /** Pods of the school's tenant-app; 0 scales it down (a suspended school). Default 1. */
    replicas: replicasSchema(1),
    /** Container requests and limits; default {@link DEFAULT_TENANT_RESOURCES}. */
    resources: resourcesSchema(DEFAULT_TENANT_RESOURCES),
    /** The IngressClass to use; default `nginx`. */
    ingressClassName: ingressClassNameSchema,
  })
  .superRefine((config, ctx) => {
    if (`${config.slug}.${config.rootDomain}`.length > HOSTNAME_MAX_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        path: ['slug'],
        message: `<slug>.<rootDomain> must be at most ${HOSTNAME_MAX_LENGTH} characters`,
      })
    }
  })

/** Input accepted by {@link parseTenantStackConfig}: optional fields may be left out. */
export type TenantStackConfigInput = z.input<typeof tenantStackConfigSchema>
/** A validated tenant stack config with every default filled in. */
export type TenantStackConfig = z.output<typeof tenantStackConfigSchema>

/**
 * Validates a tenant stack config and fills in the defaults (`replicas` 1, `resources`
 * {@link DEFAULT_TENANT_RESOURCES}, `ingressClassName` `nginx`).
 *
 * @param input anything, e.g. JSON from the provisioner's queue.
 * @returns the normalised config: lower-cased slug and hostnames, `cmsUrl` without a trailing `/`.
 * @throws Error `Invalid tenant stack config:` followed by one `field: problem` line per bad
 *   field (`slug`, `image`, `cmsUrl`, `tenantApiKey`, `resources.requests.cpu`, …). Values are
 *   never echoed, so the key cannot leak into logs.
 */
export function parseTenantStackConfig(input: unknown): TenantStackConfig {
  const parsed = tenantStackConfigSchema.safeParse(input)
  if (!parsed.success) throw configError('tenant stack config', parsed.error)
  return parsed.data
}

/**
 * The Pulumi stack name of a school: `tenant-<slug>`, one stack per tenant.
 *
 * @throws Error when `slug` fails `checkTenantSlug`.
 */
export function tenantStackName(slug: string): string {
  const parsed = slugSchema.safeParse(slug)
  if (!parsed.success) {
    throw new Error(
      `Invalid tenant slug ${JSON.stringify(slug)}: ${parsed.error.issues.map((i) => i.message).join(' ')}`,
    )
  }
  return `${TENANT_PREFIX}${parsed.data}`
}
