/**
 * Validation shared by the tenant and platform stack configs: hostnames, pinned image
 * references, https URLs, Kubernetes resource quantities. Every schema here parses to the
 * normalised value the programs use, and its messages name what is wrong without echoing
 * secret input.
 */
import { z } from 'zod'

/** Longest DNS label (RFC 1035) and longest Kubernetes DNS-1123 label (namespace names). */
export const DNS_LABEL_MAX_LENGTH = 63
/** Longest fully qualified hostname (RFC 1035, without the trailing dot). */
export const HOSTNAME_MAX_LENGTH = 253

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/**
 * True when `value` is a lower-case fully qualified hostname: at least two labels of
 * `a-z0-9-` (no hyphen at either end, ≤ 63 characters each), ≤ 253 characters in all, and a
 * top-level label that is not all digits (so IPv4 addresses are refused).
 */
export function isHostname(value: string): boolean {
  if (value.length === 0 || value.length > HOSTNAME_MAX_LENGTH) return false
  const labels = value.split('.')
  if (labels.length < 2) return false
  if (!labels.every((label) => LABEL.test(label))) return false
  return !/^\d+$/.test(labels[labels.length - 1] ?? '')
}

/**
 * A fully qualified hostname such as `lyceum.example` or `lb-1.eu.example.net`. Trims,
 * lower-cases and drops one trailing dot; refuses IP addresses, single labels, `_`, ports.
 */
export const hostnameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) => value.replace(/\.$/, ''))
  .refine(isHostname, {
    message: 'must be a fully qualified hostname like lyceum.example (letters, digits, hyphens, dots)',
  })

/** A Cloudflare zone id: 32 lower-case hex characters (Cloudflare dashboard → zone → Overview). */
export const cloudflareZoneIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{32}$/, { message: 'must be the 32-character hex zone id from the Cloudflare dashboard' })

/**
 * An absolute `https://` URL without credentials, e.g. `https://cms.lyceum.example`. Parses to
 * the URL as given (trimmed, one trailing `/` removed, so paths can be appended with `/api/…`).
 */
export const httpsUrlSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    let url: URL
    try {
      url = new URL(value)
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute URL like https://cms.lyceum.example' })
      return
    }
    if (url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: `must use https:// (got ${url.protocol}//)` })
    }
    if (url.username !== '' || url.password !== '') {
      ctx.addIssue({ code: 'custom', message: 'must not contain credentials' })
    }
  })
  .transform((value) => value.replace(/\/$/, ''))

const REGISTRY = /^[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::\d{1,5})?$/
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const TAG = /^\w[\w.-]{0,127}$/
const DIGEST = /^sha256:[0-9a-f]{64}$/

/** Why an image reference is refused; `null` when it is a pinned, well-formed reference. */
export type ImageProblem = 'malformed' | 'untagged' | 'latest' | null

/**
 * Checks an OCI image reference (`[registry[:port]/]path[:tag][@sha256:<64 hex>]`) and that it is
 * pinned: it must carry an explicit tag other than `latest`, or a sha256 digest. Production
 * deploys must be reproducible, and `latest` (or no tag, which means `latest`) is not.
 *
 * @returns `null` for a good reference, otherwise the problem.
 */
export function checkPinnedImage(ref: string): ImageProblem {
  if (ref.length === 0 || ref.length > 512 || /\s/.test(ref)) return 'malformed'
  const [nameAndTag = '', digest, ...extra] = ref.split('@')
  if (extra.length > 0 || (digest !== undefined && !DIGEST.test(digest))) return 'malformed'
  const components = nameAndTag.split('/')
  const last = components.pop() ?? ''
  const colon = last.indexOf(':')
  const lastPath = colon === -1 ? last : last.slice(0, colon)
  const tag = colon === -1 ? undefined : last.slice(colon + 1)
  // Docker's rule: the first component names a registry when it has a dot or a port, or is localhost.
  const first = components[0]
  if (first !== undefined && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    if (!REGISTRY.test(first)) return 'malformed'
    components.shift()
  }
  if (![...components, lastPath].every((part) => PATH_COMPONENT.test(part))) return 'malformed'
  if (tag !== undefined && !TAG.test(tag)) return 'malformed'
  if (digest !== undefined) return tag?.toLowerCase() === 'latest' ? 'latest' : null
  if (tag === undefined) return 'untagged'
  if (tag.toLowerCase() === 'latest') return 'latest'
  return null
}

const IMAGE_MESSAGES: Record<Exclude<ImageProblem, null>, string> = {
  malformed: 'must be an image reference like ghcr.io/acme/lyceum-tenant-app:1.2.3',
  untagged: 'must be pinned to a version tag or a sha256 digest (an untagged image means :latest)',
  latest: 'must not use :latest; pin a version tag or a sha256 digest',
}

/** A pinned container image reference (see {@link checkPinnedImage}), trimmed. */
export const pinnedImageSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = checkPinnedImage(value)
    if (problem !== null) ctx.addIssue({ code: 'custom', message: IMAGE_MESSAGES[problem] })
  })

const CPU = /^(?:\d+m|\d+(?:\.\d{1,3})?)$/
const MEMORY = /^\d+(?:Ki|Mi|Gi|Ti|k|M|G|T)?$/
const MEMORY_FACTORS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
}

/** A CPU quantity (`50m`, `0.5`, `2`) in millicores, or `undefined` when it is not one. */
export function cpuMillicores(quantity: string): number | undefined {
  if (!CPU.test(quantity)) return undefined
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Math.round(Number(quantity) * 1000)
}

/** A memory quantity (`128Mi`, `1Gi`, `500M`, `1024`) in bytes, or `undefined` when it is not one. */
export function memoryBytes(quantity: string): number | undefined {
  if (!MEMORY.test(quantity)) return undefined
  const match = /^(\d+)(\D*)$/.exec(quantity)
  const factor = MEMORY_FACTORS[match?.[2] ?? '']
  return match && factor !== undefined ? Number(match[1]) * factor : undefined
}

const cpuSchema = z
  .string()
  .trim()
  .refine((value) => (cpuMillicores(value) ?? 0) > 0, {
    message: 'must be a positive CPU quantity like 50m or 0.5',
  })
const memorySchema = z
  .string()
  .trim()
  .refine((value) => (memoryBytes(value) ?? 0) > 0, {
    message: 'must be a positive memory quantity like 128Mi or 1Gi',
  })

/** Container resource requests and limits, Kubernetes quantities (`cpu`: cores or `m`; `memory`: bytes with a suffix). */
export type ContainerResources = {
  requests: { cpu: string; memory: string }
  limits: { cpu: string; memory: string }
}

/**
 * Schema for {@link ContainerResources} with per-field defaults, refusing a request above its
 * limit (Kubernetes rejects such a pod at admission, long after the deploy started).
 */
export function resourcesSchema(defaults: ContainerResources) {
  return z
    .strictObject({
      requests: z
        .strictObject({
          cpu: cpuSchema.default(defaults.requests.cpu),
          memory: memorySchema.default(defaults.requests.memory),
        })
        .default(defaults.requests),
      limits: z
        .strictObject({
          cpu: cpuSchema.default(defaults.limits.cpu),
          memory: memorySchema.default(defaults.limits.memory),
        })
        .default(defaults.limits),
    })
    .default(defaults)
    .superRefine((value, ctx) => {
      const pairs = [
        ['cpu', cpuMillicores],
        ['memory', memoryBytes],
      ] as const
      for (const [key, measure] of pairs) {
        const request = measure(value.requests[key])
        const limit = measure(value.limits[key])
        if (request !== undefined && limit !== undefined && request > limit) {
          ctx.addIssue({
            code: 'custom',
            path: ['requests', key],
            message: `must not exceed limits.${key} (${value.limits[key]})`,
          })
        }
      }
    })
}

/** A replica count: a whole number from 0 (scaled to zero, e.g. a suspended school) to 20. */
export function replicasSchema(defaultReplicas: number) {
  return z
    .number()
    .int({ message: 'must be a whole number' })
    .min(0, { message: 'must be at least 0' })
    .max(20, { message: 'must be at most 20' })
    .default(defaultReplicas)
}

/** A Kubernetes IngressClass name (DNS-1123 subdomain), e.g. `nginx`. */
export const ingressClassNameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/, {
    message: 'must be an IngressClass name like nginx (lower-case letters, digits, - and .)',
  })
  .default('nginx')

/**
 * Turns a zod error into one `Error` listing every bad field as `path: message`, one per line,
 * e.g. `Invalid tenant stack config:\n  slug: This address is reserved. Choose another one.`.
 * Messages never include the offending value, so secrets are not echoed.
 */
export function configError(what: string, error: z.ZodError): Error {
  const lines = error.issues.map(
    (issue) => `  ${issue.path.map(String).join('.') || '(config)'}: ${issue.message}`,
  )
  return new Error(`Invalid ${what}:\n${lines.join('\n')}`)
}
