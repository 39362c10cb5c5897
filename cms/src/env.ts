import { type CmsEnv, parseCmsEnv } from './env-schema.ts'

export type { CmsEnv }

/** The cms environment, parsed once when the cms starts (see env-schema.ts for every variable). */
export const env: CmsEnv = parseCmsEnv(process.env)
