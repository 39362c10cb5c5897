import { describe, expect, it } from 'vitest'
import { isOwnRender, ownRenderValue, pageCacheable, RENDER_HEADER } from './page-cache.ts'

const signedOut = {
  method: 'GET',
  pathname: '/',
  search: '',
  headers: new Headers({ accept: 'text/html' }),
  hasSession: false,
}

describe('pageCacheable', () => {
  it.each([
    ['the catalog, signed out', {}, true],
    ['a course page, signed out', { pathname: '/courses/intro' }, true],
    ['with a session cookie', { hasSession: true }, false],
    ['a search', { search: '?q=docs' }, false],
    ['another catalog page', { search: '?page=2' }, false],
    ['a lesson', { pathname: '/courses/intro/lessons/one' }, false],
    ['the sign-in page', { pathname: '/login' }, false],
    ['a POST (a server action)', { method: 'POST' }, false],
    ['a HEAD', { method: 'HEAD' }, false],
    ['a client navigation (RSC)', { headers: new Headers({ rsc: '1' }) }, false],
    ['a prefetch', { headers: new Headers({ 'next-router-prefetch': '1' }) }, false],
  ])('%s → %s', (_, change, expected) => {
    expect(pageCacheable({ ...signedOut, ...change })).toBe(expected)
  })
})

describe('isOwnRender', () => {
  it('recognises only the process’s own secret', () => {
    expect(isOwnRender({ headers: new Headers({ [RENDER_HEADER]: ownRenderValue() }) })).toBe(true)
    expect(isOwnRender({ headers: new Headers() })).toBe(false)
    expect(isOwnRender({ headers: new Headers({ [RENDER_HEADER]: 'guess' }) })).toBe(false)
    const forged = Buffer.alloc(32, 7).toString('base64url')
    expect(isOwnRender({ headers: new Headers({ [RENDER_HEADER]: forged }) })).toBe(false)
  })
})
