import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  checkExportLink,
  EXPORT_LINK_TTL_MS,
  exportLinkKey,
  exportLinkPath,
  removeExpiredExports,
} from './exports.ts'

const key = exportLinkKey('platform-key-for-tests')
const TENANT = '6f1c2c4e-8d3b-4c55-9a51-0f3a7e2b9d10'
const FILE = 'northwind-20260301T120000Z.tar.gz'
const now = Date.parse('2026-03-01T12:00:00Z')
const exp = now + EXPORT_LINK_TTL_MS

const parts = (link: string) => {
  const url = new URL(link, 'http://hub.test')
  return {
    file: decodeURIComponent(url.pathname.split('/').at(-1) ?? ''),
    exp: url.searchParams.get('exp'),
    sig: url.searchParams.get('sig'),
  }
}

describe('export links', () => {
  const link = exportLinkPath(key, TENANT, FILE, exp)

  it('points at the school’s export and verifies until it expires', () => {
    expect(link.startsWith(`/account/schools/${TENANT}/exports/${FILE}?exp=${exp}&sig=`)).toBe(true)
    const { file, exp: e, sig } = parts(link)
    expect(checkExportLink(key, TENANT, file, e, sig, now)).toBe('valid')
    expect(checkExportLink(key, TENANT, file, e, sig, exp - 1)).toBe('valid')
    expect(checkExportLink(key, TENANT, file, e, sig, exp)).toBe('expired')
  })

  it('refuses another school, another file, a later expiry, another key and garbage', () => {
    const { file, exp: e, sig } = parts(link)
    expect(checkExportLink(key, '00000000-0000-4000-8000-000000000000', file, e, sig, now)).toBe('invalid')
    expect(checkExportLink(key, TENANT, 'northwind-20260302T120000Z.tar.gz', e, sig, now)).toBe('invalid')
    expect(checkExportLink(key, TENANT, file, String(exp + 1000), sig, now)).toBe('invalid')
    expect(checkExportLink(exportLinkKey('another key'), TENANT, file, e, sig, now)).toBe('invalid')
    expect(checkExportLink(key, TENANT, '../secrets.json', e, sig, now)).toBe('invalid')
    expect(checkExportLink(key, TENANT, file, null, sig, now)).toBe('invalid')
    expect(checkExportLink(key, TENANT, file, e, null, now)).toBe('invalid')
    expect(checkExportLink(key, TENANT, file, 'soon', sig, now)).toBe('invalid')
  })
})

describe('removeExpiredExports', () => {
  it('removes only archives older than the links’ lifetime, and tolerates a missing folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lyceum-exports-'))
    try {
      const old = path.join(dir, 'northwind-20260227T120000Z.tar.gz')
      const fresh = path.join(dir, 'northwind-20260301T110000Z.tar.gz')
      const other = path.join(dir, 'notes.txt')
      for (const file of [old, fresh, other]) await writeFile(file, 'x')
      const day = EXPORT_LINK_TTL_MS / 1000
      await utimes(old, now / 1000 - day - 60, now / 1000 - day - 60)
      await utimes(fresh, now / 1000 - 3600, now / 1000 - 3600)
      await utimes(other, now / 1000 - 10 * day, now / 1000 - 10 * day)
      expect(await removeExpiredExports(dir, now)).toEqual(['northwind-20260227T120000Z.tar.gz'])
      expect((await readdir(dir)).sort()).toEqual(['northwind-20260301T110000Z.tar.gz', 'notes.txt'])
      expect(await removeExpiredExports(path.join(dir, 'missing'), now)).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
