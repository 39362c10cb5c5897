import type { CmsClient, CollectionSlug, Doc, FindQuery } from '@lyceum/cms-client'

/** Page size of {@link findAll}. */
export const PAGE_SIZE = 100

/**
 * Every document matching `query`, page by page (`limit` {@link PAGE_SIZE}), in `query.sort` order.
 *
 * Not `limit: 0`: with no match the cms then answers an envelope without `limit`, which the cms
 * client's schema refuses (`bad_response`); and one page of everything has no bound.
 * @throws CmsError as `find`.
 */
export async function findAll<S extends CollectionSlug>(
  cms: CmsClient,
  slug: S,
  query: Omit<FindQuery<S>, 'limit' | 'page' | 'select'> = {},
): Promise<Doc<S>[]> {
  const all: Doc<S>[] = []
  for (let page = 1; ; page++) {
    const result = await cms.find(slug, { ...query, limit: PAGE_SIZE, page })
    all.push(...result.docs)
    if (!result.hasNextPage) return all
  }
}
