/**
 * The cms production build (`next build`, output: 'standalone'): reused when it is newer than
 * everything it is built from, else (re)built. The static assets are copied next to the
 * standalone server, as `next build` leaves that to the deployer.
 */
import { spawn } from 'node:child_process'
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { BENCH_SECRET, cmsDir, repoRoot, serverScript, standaloneDir } from './paths.ts'

export type BuildReport = { built: boolean; reason: string; ms?: number; builtAt: Date }

/**
 * Sources of the cms build: its own files and the workspace packages it bundles at run time
 * (@lyceum/cms-client is imported for types only).
 */
const INPUTS = [
  'cms/src',
  'cms/next.config.ts',
  'cms/package.json',
  'cms/tsconfig.json',
  'packages/domain/src',
  'packages/tenancy/src',
  'pnpm-lock.yaml',
]
/** Under INPUTS but not part of the app: the seed scripts (run by `pnpm seed`, never imported). */
const NOT_INPUTS = new Set(['cms/src/seed'])

/** The newest file among INPUTS (directories searched recursively; tests, node_modules and NOT_INPUTS skipped). */
function newestInput(): { file: string; mtimeMs: number } {
  let newest = { file: '', mtimeMs: 0 }
  const visit = (file: string) => {
    const stat = statSync(file)
    if (stat.isDirectory()) {
      if (NOT_INPUTS.has(path.relative(repoRoot, file))) return
      for (const entry of readdirSync(file)) {
        if (entry !== 'node_modules' && !entry.endsWith('.test.ts')) visit(path.join(file, entry))
      }
    } else if (stat.mtimeMs > newest.mtimeMs) {
      newest = { file, mtimeMs: stat.mtimeMs }
    }
  }
  for (const input of INPUTS) {
    const file = path.join(repoRoot, input)
    if (existsSync(file)) visit(file)
  }
  return newest
}

/**
 * Makes sure `.next/standalone/cms/server.js` exists and is newer than the sources; builds it
 * otherwise (`force`: always). `databaseUrl` is only there because the cms env requires it at
 * build time; the build does not write to it.
 */
export async function ensureBuild(opts: {
  force: boolean
  databaseUrl: string
  log: (line: string) => void
}): Promise<BuildReport> {
  const stamp = path.join(standaloneDir, '.next', 'BUILD_ID')
  const newest = newestInput()
  let reason: string
  if (opts.force) reason = 'forced (--rebuild)'
  else if (!existsSync(serverScript) || !existsSync(stamp)) reason = 'no standalone build yet'
  else if (statSync(stamp).mtimeMs < newest.mtimeMs) {
    reason = `${path.relative(repoRoot, newest.file)} is newer than the build`
  } else {
    copyStatic()
    return { built: false, reason: 'up to date', builtAt: statSync(stamp).mtime }
  }

  opts.log(`build: next build (${reason})…`)
  // `next build` rewrites the committed cms/next-env.d.ts in its own style; put it back after.
  const nextEnv = path.join(cmsDir, 'next-env.d.ts')
  const nextEnvBefore = existsSync(nextEnv) ? readFileSync(nextEnv, 'utf8') : undefined
  const started = performance.now()
  try {
    await runNextBuild(opts.databaseUrl)
  } finally {
    if (nextEnvBefore !== undefined && readFileSync(nextEnv, 'utf8') !== nextEnvBefore) {
      writeFileSync(nextEnv, nextEnvBefore)
    }
  }
  const ms = performance.now() - started
  if (!existsSync(serverScript)) {
    throw new Error(`next build finished but ${path.relative(repoRoot, serverScript)} is missing`)
  }
  copyStatic()
  opts.log(`build: done in ${(ms / 1000).toFixed(1)} s`)
  return { built: true, reason, ms, builtAt: statSync(stamp).mtime }
}

function runNextBuild(databaseUrl: string): Promise<void> {
  const nextBin = createRequire(path.join(cmsDir, 'package.json')).resolve('next/dist/bin/next')
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: cmsDir,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        DATABASE_URL: databaseUrl,
        PAYLOAD_SECRET: BENCH_SECRET,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    const keep = (chunk: Buffer) => {
      out = (out + chunk.toString('utf8')).slice(-20_000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code}):\n${out}`)),
    )
  })
}

/** `.next/static` (and `public`, if any) next to the standalone server, fresh each time. */
function copyStatic(): void {
  const target = path.join(standaloneDir, '.next', 'static')
  rmSync(target, { recursive: true, force: true })
  cpSync(path.join(cmsDir, '.next', 'static'), target, { recursive: true })
  const publicDir = path.join(cmsDir, 'public')
  if (existsSync(publicDir)) cpSync(publicDir, path.join(standaloneDir, 'public'), { recursive: true })
}
