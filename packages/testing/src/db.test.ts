import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fingerprintFiles, repoRoot } from './db.ts'

const temps: string[] = []
afterAll(() => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))))

async function migrations(files: Record<string, string>): Promise<string> {
  const temp = await mkdtemp(path.join(tmpdir(), 'lyceum-fp-'))
  temps.push(temp)
  const dir = path.join(temp, 'migrations')
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true })
    await writeFile(path.join(dir, name), text)
  }
  return dir
}

describe('fingerprintFiles', () => {
  const files = { '0001_init.sql': 'CREATE TABLE a ();', 'sub/0002_more.sql': 'CREATE TABLE b ();' }

  it('is a sha256 that does not depend on where the folder lives', async () => {
    const one = fingerprintFiles([await migrations(files)])
    expect(one).toMatch(/^[0-9a-f]{64}$/)
    expect(fingerprintFiles([await migrations(files)])).toBe(one)
  })

  it('changes when a file changes, is added or is renamed', async () => {
    const dir = await migrations(files)
    const before = fingerprintFiles([dir])
    await writeFile(path.join(dir, '0001_init.sql'), 'CREATE TABLE a (id int);')
    const edited = fingerprintFiles([dir])
    expect(edited).not.toBe(before)
    await writeFile(path.join(dir, '0003_new.sql'), '')
    const added = fingerprintFiles([dir])
    expect(added).not.toBe(edited)
    await rename(path.join(dir, '0003_new.sql'), path.join(dir, '0004_new.sql'))
    expect(fingerprintFiles([dir])).not.toBe(added)
  })

  it('accepts files as well as folders, in any order', async () => {
    const dir = await migrations(files)
    const single = path.join(dir, '0001_init.sql')
    const both = fingerprintFiles([dir, single])
    expect(fingerprintFiles([single, dir])).toBe(both)
    expect(both).not.toBe(fingerprintFiles([dir]))
  })

  it('names a missing path', () => {
    expect(() => fingerprintFiles(['/nonexistent/migrations'])).toThrow(
      '/nonexistent/migrations does not exist',
    )
  })
})

describe('repoRoot', () => {
  it('is the folder holding pnpm-workspace.yaml', () => {
    expect(path.join(repoRoot(), 'packages', 'testing', 'src', 'db.ts')).toBe(
      path.join(import.meta.dirname, 'db.ts'),
    )
  })
})
