import { building } from '$app/env'
import { type HubEnv, parseHubEnv } from './env-schema.ts'

export type { HubEnv }

/**
 * The hub environment, parsed once when the server starts (src/hooks.server.ts imports this
 * module, and SvelteKit loads the hooks before it listens). While `vite build` analyses the app
 * the defaults stand in: the build must not need production secrets.
 */
export const env: HubEnv = parseHubEnv(building ? {} : process.env)
