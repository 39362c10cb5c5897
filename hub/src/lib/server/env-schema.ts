import { z } from 'zod'

/** Empty variables count as unset (`FOO= node …` is how shells and .env files leave one out). */
const blankAsUnset = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value

const httpUrl = (what: string) =>
  z
    .url({ protocol: /^https?$/, message: `must be an http:// or https:// URL (${what})` })
    .transform((value) => value.replace(/\/+$/, ''))
    .refine((value) => !/[?#]/.test(value), { message: `must not have a query or fragment (${what})` })

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
  })
  .superRefine((value, ctx) => {
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
