import { describe, expect, it } from 'vitest'
import { checkExportLink, EXPORT_LINK_TTL_MS, exportLinkKey, exportLinkPath } from './exports.ts'

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
