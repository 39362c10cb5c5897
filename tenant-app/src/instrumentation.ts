/**
 * Called once when the Next.js server starts, before it serves a request: a missing or invalid
 * variable stops the instance here, naming it, rather than at the first page that needs it.
 * Next compiles this file for the Edge runtime too, where env.ts (process.exit) must not go:
 * the NEXT_RUNTIME test is replaced at build time and the import dropped from that bundle.
 */
export async function register(): Promise<void> {
  // biome-ignore lint/style/noProcessEnv: Next's documented runtime switch, inlined at build time
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { checkEnvAtStartup } = await import('./env.ts')
  checkEnvAtStartup()
}
