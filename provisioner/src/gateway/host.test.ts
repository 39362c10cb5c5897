import { describe, expect, it } from 'vitest'
import { type HostRoute, parseHostHeader, reservedSet, routeForHostname } from './host.ts'

describe('parseHostHeader', () => {
  it.each([
    ['localhost:8080', { hostname: 'localhost', port: 8080 }],
    ['Acme.LocalHost:8080', { hostname: 'acme.localhost', port: 8080 }],
    ['acme.localhost', { hostname: 'acme.localhost', port: undefined }],
    ['acme.localhost.:8080', { hostname: 'acme.localhost', port: 8080 }],
    ['[::1]:8080', { hostname: '[::1]', port: 8080 }],
    ['127.0.0.1:8080', { hostname: '127.0.0.1', port: 8080 }],
  ])('%s → %j', (header, expected) => {
    expect(parseHostHeader(header)).toEqual(expected)
  })

  it.each([undefined, '', ':8080', 'user@acme.localhost', 'acme.localhost:99999', 'acme.localhost/x', 'a b'])(
    'refuses %j',
    (header) => {
      expect(parseHostHeader(header)).toBeNull()
    },
  )
})

describe('routeForHostname', () => {
  const reserved = reservedSet(['billing'])
  const table: Array<[string, HostRoute]> = [
    ['localhost', { kind: 'hub' }],
    ['cms.localhost', { kind: 'cms' }],
    ['www.localhost', { kind: 'www' }],
    ['acme.localhost', { kind: 'tenant', slug: 'acme' }],
    ['acme-school-2.localhost', { kind: 'tenant', slug: 'acme-school-2' }],
    ['api.localhost', { kind: 'not-found', reason: 'reserved' }],
    ['hub.localhost', { kind: 'not-found', reason: 'reserved' }],
    ['billing.localhost', { kind: 'not-found', reason: 'reserved' }],
    ['a.b.localhost', { kind: 'not-found', reason: 'nested' }],
    ['cms.acme.localhost', { kind: 'not-found', reason: 'nested' }],
    ['ab.localhost', { kind: 'not-found', reason: 'not-a-slug' }],
    ['-acme.localhost', { kind: 'not-found', reason: 'not-a-slug' }],
    ['acme_school.localhost', { kind: 'not-found', reason: 'not-a-slug' }],
    ['example.com', { kind: 'not-found', reason: 'foreign' }],
    ['notlocalhost', { kind: 'not-found', reason: 'foreign' }],
    ['127.0.0.1', { kind: 'not-found', reason: 'foreign' }],
    ['[::1]', { kind: 'not-found', reason: 'foreign' }],
    ['.localhost', { kind: 'not-found', reason: 'invalid' }],
  ]
  it.each(table)('%s → %j', (hostname, expected) => {
    expect(routeForHostname(hostname, 'localhost', reserved)).toEqual(expected)
  })

  it('works with a multi-label root domain', () => {
    const set = reservedSet()
    expect(routeForHostname('lyceum.test', 'lyceum.test', set)).toEqual({ kind: 'hub' })
    expect(routeForHostname('acme.lyceum.test', 'lyceum.test', set)).toEqual({ kind: 'tenant', slug: 'acme' })
    expect(routeForHostname('lyceum.test.evil', 'lyceum.test', set)).toMatchObject({ kind: 'not-found' })
  })
})
