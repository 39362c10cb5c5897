import { contentReadScope } from '@lyceum/tenancy'
import type { Access } from 'payload'
import { actorOf } from '../actor.ts'
import { allOf, anyOf, scopeWhere } from '../scope.ts'

/**
 * Course content: drafts in tenants the actor authors, published content in tenants where it
 * learns (or, for a tenant key, its own tenant). Anonymous visitors read published courses only
 * when `anonymousCatalog` is set (the rule for `courses`), never sections or lessons.
 *
 * @param publishedPath the boolean saying "published": `published` on courses,
 *   `course.published` on sections and lessons.
 * @param prefix `''`, or `'version.'` for readVersions.
 */
export const readContent =
  (publishedPath: string, options: { anonymousCatalog?: boolean; prefix?: string } = {}): Access =>
  ({ req }) => {
    const prefix = options.prefix ?? ''
    const scope = contentReadScope(actorOf(req))
    const published = { [`${prefix}${publishedPath}`]: { equals: true } }
    if (scope.publishedCatalogForAnonymous) return options.anonymousCatalog ? published : false
    return anyOf(
      scopeWhere(scope.drafts, `${prefix}tenant`),
      allOf(scopeWhere(scope.published, `${prefix}tenant`), published),
    )
  }
