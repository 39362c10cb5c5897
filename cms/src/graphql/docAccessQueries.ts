import type { CollectionSlug, GraphQLExtension, PayloadRequest } from 'payload'
import { readableOrNotFound } from '../lib/readableOrNotFound.ts'

type Resolver = (
  source: unknown,
  args: { id?: string },
  context: { req: PayloadRequest },
  info: unknown,
) => unknown

/**
 * GraphQL's `docAccess<Collection>(id)` queries, answering NotFound for a document the caller
 * may not read, exactly like for an id that does not exist (see docAccessEndpoint).
 */
export const docAccessQueries: GraphQLExtension = (_graphQL, { config, Query }) => {
  const queries: Record<string, unknown> = {}
  for (const collection of config.collections) {
    if (!collection.graphQL) continue
    const name = `docAccess${collection.graphQL.singularName}`
    const field = Query.fields[name] as { resolve?: Resolver } | undefined
    const resolve = field?.resolve
    if (!resolve) continue
    queries[name] = {
      ...field,
      resolve: async (...[source, args, context, info]: Parameters<Resolver>) => {
        if (args.id !== undefined)
          await readableOrNotFound(context.req, collection.slug as CollectionSlug, args.id)
        return resolve(source, args, context, info)
      },
    }
  }
  return queries
}
