// Type-level tests: checked by `tsc --noEmit` (the package's typecheck), which fails when an
// assertion or a `@ts-expect-error` no longer holds. The runtime test only keeps vitest happy.
import { describe, expectTypeOf, it } from 'vitest'
import type { CmsClient } from './client.ts'
import type { Media, Plan, Tenant, User } from './payload-types.ts'
import type { CollectionSlug, CreateData, Doc, PaginatedDocs, Selected, UpdateData, Where } from './types.ts'

// Never called: only type-checked.
function derivedFromConfig(cms: CmsClient): void {
  expectTypeOf<Doc<'plans'>>().toEqualTypeOf<Plan>()
  expectTypeOf<'tenants'>().toExtend<CollectionSlug>()
  expectTypeOf<'payload-preferences'>().not.toExtend<CollectionSlug>()
  expectTypeOf<'payload-migrations'>().not.toExtend<CollectionSlug>()

  expectTypeOf(cms.find('plans')).resolves.toEqualTypeOf<PaginatedDocs<Plan>>()
  expectTypeOf(cms.find('plans', { select: { code: true } })).resolves.toEqualTypeOf<
    PaginatedDocs<Selected<'plans'>>
  >()
  expectTypeOf(cms.findByID('tenants', 'id')).resolves.toEqualTypeOf<Tenant | null>()
  expectTypeOf(cms.create('plans', {} as CreateData<'plans'>)).resolves.toEqualTypeOf<Plan>()
  expectTypeOf(
    cms.upload('media', { data: new Uint8Array(), filename: 'a', mimeType: 'b' }, {}),
  ).resolves.toEqualTypeOf<Media>()
  expectTypeOf(cms.me()).resolves.toEqualTypeOf<User | null>()
  expectTypeOf(cms.count('courses')).resolves.toEqualTypeOf<number>()
}

// Never called: only type-checked.
function checksInput(cms: CmsClient): void {
  {
    // Groups are partial in updates.
    expectTypeOf<{ limits: { seats: number } }>().toExtend<UpdateData<'plans'>>()
    // System fields are not data.
    expectTypeOf<CreateData<'plans'>>().not.toHaveProperty('id')
    expectTypeOf<CreateData<'users'>>().not.toHaveProperty('collection')

    const ok: Where = { and: [{ tenant: { equals: 'x' } }, { or: [{ order: { greater_than: 1 } }] }] }
    expectTypeOf(ok).toExtend<Where>()
    // @ts-expect-error a bare value is not an operator object
    const bare: Where = { slug: 'x' }
    // @ts-expect-error unknown operator
    const typo: Where = { slug: { equal: 'x' } }
    // @ts-expect-error null cannot travel in a query string
    const nil: Where = { slug: { equals: null } }
    void [bare, typo, nil]

    // @ts-expect-error not a collection
    void cms.find('payload-preferences')
    // @ts-expect-error not a field of plans
    void cms.find('plans', { select: { nope: true } })
    // @ts-expect-error wrong value type for an update
    void cms.update('plans', 'id', { priceMinor: 'free' })
    // @ts-expect-error only media takes uploads
    void cms.upload('plans', { data: new Uint8Array(), filename: 'a', mimeType: 'b' }, {})
  }
}

describe('types', () => {
  it('are asserted by tsc (pnpm exec tsc --noEmit)', () => {
    expectTypeOf(derivedFromConfig).toBeFunction()
    expectTypeOf(checksInput).toBeFunction()
  })
})
