/**
 * @lyceum/tenancy: who may see and change what, as pure functions.
 *
 * The cms turns `req.user` into an {@link Actor} once per request and every access rule asks
 * this package for a {@link TenantScope}; the rules then translate the scope into a database
 * filter. Keeping the policy here, free of Payload, lets it be tested as a table.
 *
 * Source of truth for memberships: the cms `users` collection (`memberships` rows).
 */
import type { MemberRole } from '@lyceum/domain'

export type Membership = { tenantId: string; role: MemberRole }

/** Everyone who can call the cms, after authentication. */
export type Actor =
  | { kind: 'anonymous' }
  /** A person. `superAdmin` comes from the platform role; memberships from the user document. */
  | { kind: 'member'; userId: string; superAdmin: boolean; memberships: readonly Membership[] }
  /** The API key of one tenant's LMS instance. Revoked keys never become actors. */
  | { kind: 'tenant-key'; keyId: string; tenantId: string }
  /** The API key of the hub and the provisioner. */
  | { kind: 'platform-key'; keyId: string }

/** A set of tenants: every tenant, or exactly these ids (possibly none). */
export type TenantScope =
  | { readonly all: true }
  | { readonly all: false; readonly tenantIds: readonly string[] }

export const ALL_TENANTS: TenantScope = { all: true }
export const NO_TENANTS: TenantScope = { all: false, tenantIds: [] }

export const only = (tenantIds: Iterable<string>): TenantScope => ({
  all: false,
  tenantIds: [...new Set(tenantIds)],
})

export function isEmptyScope(scope: TenantScope): boolean {
  return !scope.all && scope.tenantIds.length === 0
}

export function scopeIncludes(scope: TenantScope, tenantId: string | null | undefined): boolean {
  if (tenantId == null) return false
  return scope.all || scope.tenantIds.includes(tenantId)
}

/** Super-admins and the platform key act across every tenant. */
export function isPlatform(actor: Actor): boolean {
  return actor.kind === 'platform-key' || (actor.kind === 'member' && actor.superAdmin)
}

/** Only people with the super-admin platform role (not keys): used for the admin UI and role grants. */
export function isSuperAdmin(actor: Actor): boolean {
  return actor.kind === 'member' && actor.superAdmin
}

/** Tenants where the actor holds one of `roles`. Platform actors hold every role everywhere. */
export function tenantsWithRole(actor: Actor, roles: readonly MemberRole[]): TenantScope {
  if (isPlatform(actor)) return ALL_TENANTS
  if (actor.kind !== 'member') return NO_TENANTS
  return only(actor.memberships.filter((m) => roles.includes(m.role)).map((m) => m.tenantId))
}

/** Tenants whose private data (members, settings) the actor may read at all. */
export function memberTenants(actor: Actor): TenantScope {
  if (actor.kind === 'tenant-key') return only([actor.tenantId])
  return tenantsWithRole(actor, ['admin', 'instructor', 'learner'])
}

/** Tenants whose members and branding the actor manages (school admins). */
export function adminTenants(actor: Actor): TenantScope {
  return tenantsWithRole(actor, ['admin'])
}

/** Tenants whose courses, sections, lessons and media the actor authors (instructors and admins). */
export function authorTenants(actor: Actor): TenantScope {
  return tenantsWithRole(actor, ['admin', 'instructor'])
}

/**
 * Read access to course content, split in two: tenants where the actor sees drafts too, and
 * tenants where it sees only published content. Anonymous visitors see published courses only
 * (never lessons): `publishedCatalogForAnonymous` says so to the rule for courses.
 */
export type ContentReadScope = {
  drafts: TenantScope
  published: TenantScope
  publishedCatalogForAnonymous: boolean
}

export function contentReadScope(actor: Actor): ContentReadScope {
  switch (actor.kind) {
    case 'anonymous':
      return { drafts: NO_TENANTS, published: NO_TENANTS, publishedCatalogForAnonymous: true }
    case 'tenant-key':
      return { drafts: NO_TENANTS, published: only([actor.tenantId]), publishedCatalogForAnonymous: false }
    case 'platform-key':
      return { drafts: ALL_TENANTS, published: NO_TENANTS, publishedCatalogForAnonymous: false }
    case 'member':
      return {
        drafts: authorTenants(actor),
        published: tenantsWithRole(actor, ['learner']),
        publishedCatalogForAnonymous: false,
      }
  }
}

/** Identity written in the audit log: `user:<id>`, `key:<id>` or `anonymous`. */
export function actorRef(actor: Actor): string {
  switch (actor.kind) {
    case 'anonymous':
      return 'anonymous'
    case 'member':
      return `user:${actor.userId}`
    case 'tenant-key':
    case 'platform-key':
      return `key:${actor.keyId}`
  }
}

/**
 * Decides a change to a user's memberships. Rows of tenants the actor administers may be added,
 * changed or removed; every other row must stay exactly as it was. Nobody edits their own rows
 * (so nobody raises their own role or joins a tenant) unless they are a platform actor.
 *
 * @returns `null` when allowed, else a message safe to show.
 */
export function checkMembershipChange(
  actor: Actor,
  targetUserId: string | null,
  before: readonly Membership[],
  after: readonly Membership[],
): string | null {
  if (isPlatform(actor)) return null
  const key = (m: Membership) => `${m.tenantId}:${m.role}`
  const beforeKeys = new Set(before.map(key))
  const afterKeys = new Set(after.map(key))
  const changed = [
    ...before.filter((m) => !afterKeys.has(key(m))),
    ...after.filter((m) => !beforeKeys.has(key(m))),
  ]
  if (changed.length === 0) return null
  if (actor.kind === 'member' && targetUserId !== null && actor.userId === targetUserId) {
    return 'You cannot change your own memberships or roles.'
  }
  if (actor.kind === 'tenant-key') {
    // A school's instance may only enrol new learners in its own school (self-signup, invitations).
    const ok = changed.every(
      (m) => m.tenantId === actor.tenantId && m.role === 'learner' && !beforeKeys.has(key(m)),
    )
    return ok ? null : 'This key may only add learners to its own school.'
  }
  const managed = adminTenants(actor)
  return changed.every((m) => scopeIncludes(managed, m.tenantId))
    ? null
    : 'You can only manage memberships of schools you administer.'
}

/** Every tenant for platform actors, none for anyone else: for records only their owner writes. */
export function platformTenants(actor: Actor): TenantScope {
  return isPlatform(actor) ? ALL_TENANTS : NO_TENANTS
}
