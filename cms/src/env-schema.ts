import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * The cms environment, parsed once at start. A bad value stops the process with the variable's
 * name and what is wrong, before anything connects.
 */
const schema = z.object({
  DATABASE_URL: z.url({
    message: 'must be a postgres:// URL (the start script sets it for the embedded server)',
  }),
  PAYLOAD_SECRET: z.string().min(32, { message: 'must be at least 32 characters of random text' }),
  LYCEUM_CMS_PUBLIC_URL: z.url().default('http://cms.localhost:8080'),
  LYCEUM_HUB_PUBLIC_URL: z.url().default('http://localhost:8080'),
  LYCEUM_ROOT_DOMAIN: z.string().min(1).default('localhost'),
  LYCEUM_RESERVED_SLUGS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  LYCEUM_MEDIA_DIR: z
    .string()
    .min(1)
    .default(path.join(repoRoot, '.data', 'media')),
  LYCEUM_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
})

export type CmsEnv = z.infer<typeof schema>

export function parseCmsEnv(source: Record<string, string | undefined>): CmsEnv {
  const parsed = schema.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`)
    throw new Error(`Invalid cms environment:\n${lines.join('\n')}`)
  }
  return parsed.data
}
