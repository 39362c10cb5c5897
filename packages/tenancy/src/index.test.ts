import { describe, expect, it } from 'vitest'
import {
  type Actor,
  adminTenants,
  authorTenants,
  checkMembershipChange,
  contentReadScope,
  isPlatform,
  type Membership,
  memberTenants,
  type TenantScope,
} from './index.ts'

const A = 'tenant-a'
const B = 'tenant-b'
const member = (memberships: Membership[], superAdmin = false): Actor => ({
  kind: 'member',
  userId: 'u1',
  superAdmin,
  memberships,
})

const actors = {
  anonymous: { kind: 'anonymous' },
  learnerA: member([{ tenantId: A, role: 'learner' }]),
  instructorA: member([{ tenantId: A, role: 'instructor' }]),
  adminA: member([{ tenantId: A, role: 'admin' }]),
  adminAlearnerB: member([
    { tenantId: A, role: 'admin' },
    { tenantId: B, role: 'learner' },
  ]),
  keyA: { kind: 'tenant-key', keyId: 'k1', tenantId: A },
  platformKey: { kind: 'platform-key', keyId: 'k2' },
  superAdmin: member([], true),
} satisfies Record<string, Actor>

const all: TenantScope = { all: true }
const none: TenantScope = { all: false, tenantIds: [] }
const of = (...ids: string[]): TenantScope => ({ all: false, tenantIds: ids })

// actor → [platform?, memberTenants, authorTenants, adminTenants, content drafts, content published]
const table: Array<
  [keyof typeof actors, boolean, TenantScope, TenantScope, TenantScope, TenantScope, TenantScope]
> = [
  ['anonymous', false, none, none, none, none, none],
  ['learnerA', false, of(A), none, none, none, of(A)],
  ['instructorA', false, of(A), of(A), none, of(A), none],
  ['adminA', false, of(A), of(A), of(A), of(A), none],
  ['adminAlearnerB', false, of(A, B), of(A), of(A), of(A), of(B)],
  ['keyA', false, of(A), none, none, none, of(A)],
  ['platformKey', true, all, all, all, all, none],
  ['superAdmin', true, all, all, all, all, all],
]

describe('tenant scopes by actor', () => {
  it.each(table)('%s', (name, platform, members, authors, admins, drafts, published) => {
    const actor = actors[name]
    expect(isPlatform(actor)).toBe(platform)
    expect(memberTenants(actor)).toEqual(members)
    expect(authorTenants(actor)).toEqual(authors)
    expect(adminTenants(actor)).toEqual(admins)
    expect(contentReadScope(actor).drafts).toEqual(drafts)
    if (name !== 'superAdmin') expect(contentReadScope(actor).published).toEqual(published)
  })

  it('lets only anonymous visitors read the public catalog as anonymous', () => {
    expect(contentReadScope(actors.anonymous).publishedCatalogForAnonymous).toBe(true)
    expect(contentReadScope(actors.learnerA).publishedCatalogForAnonymous).toBe(false)
  })
})

describe('checkMembershipChange', () => {
  const learnerOf = (tenantId: string): Membership => ({ tenantId, role: 'learner' })
  const adminOf = (tenantId: string): Membership => ({ tenantId, role: 'admin' })

  // [actor, target user, before, after, allowed?]
  const rows: Array<[keyof typeof actors, string | null, Membership[], Membership[], boolean]> = [
    ['adminA', 'u2', [], [learnerOf(A)], true], // invite into own school
    ['adminA', 'u2', [learnerOf(A)], [adminOf(A)], true], // promote in own school
    ['adminA', 'u2', [learnerOf(A)], [], true], // remove from own school
    ['adminA', 'u2', [], [learnerOf(B)], false], // add to another school
    ['adminA', 'u2', [learnerOf(B)], [], false], // remove from another school
    ['adminA', 'u1', [adminOf(A)], [adminOf(A), adminOf(B)], false], // join another school
    ['adminA', 'u1', [adminOf(A)], [learnerOf(A)], false], // change own role
    ['learnerA', 'u1', [learnerOf(A)], [adminOf(A)], false], // raise own role
    ['instructorA', 'u2', [], [learnerOf(A)], false], // instructors do not manage members
    ['keyA', null, [], [learnerOf(A)], true], // self-signup as learner
    ['keyA', null, [], [adminOf(A)], false], // self-signup cannot grant admin
    ['keyA', null, [], [learnerOf(B)], false], // key of A cannot sign up into B
    ['anonymous', null, [], [learnerOf(A)], false],
    ['platformKey', 'u2', [], [adminOf(B)], true],
    ['superAdmin', 'u1', [], [adminOf(A)], true],
    ['learnerA', 'u1', [learnerOf(A)], [learnerOf(A)], true], // no change is always fine
  ]

  it.each(rows)('%s on %s: %j → %j allowed=%s', (name, target, before, after, allowed) => {
    const problem = checkMembershipChange(actors[name], target, before, after)
    if (allowed) expect(problem).toBeNull()
    else expect(problem).toEqual(expect.any(String))
  })
})
