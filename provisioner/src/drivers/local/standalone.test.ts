import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { prepareStandalone } from './standalone.ts'

const root = mkdtempSync(path.join(tmpdir(), 'lyceum-standalone-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('prepareStandalone', () => {
  it('copies .next/static and public beside a standalone server.js', () => {
    const app = path.join(root, 'tenant-app')
    const server = path.join(app, '.next', 'standalone', 'tenant-app', 'server.js')
    mkdirSync(path.dirname(server), { recursive: true })
    writeFileSync(server, '')
    mkdirSync(path.join(app, '.next', 'static', 'chunks'), { recursive: true })
    writeFileSync(path.join(app, '.next', 'static', 'chunks', 'a.js'), 'a')
    mkdirSync(path.join(app, 'public'))
    writeFileSync(path.join(app, 'public', 'favicon.ico'), 'i')

    const serverDir = path.dirname(server)
    expect(prepareStandalone(server)).toEqual([
      path.join(serverDir, '.next', 'static'),
      path.join(serverDir, 'public'),
    ])
    expect(readFileSync(path.join(serverDir, '.next', 'static', 'chunks', 'a.js'), 'utf8')).toBe('a')
    expect(existsSync(path.join(serverDir, 'public', 'favicon.ico'))).toBe(true)
  })

  it('leaves any other server alone', () => {
    expect(prepareStandalone(path.join(root, 'server.js'))).toEqual([])
  })
})
