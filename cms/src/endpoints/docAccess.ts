import {
  addDataAndFileToRequest,
  type CollectionSlug,
  docAccessOperation,
  type Endpoint,
  headersWithCors,
  NotFound,
} from 'payload'
import { readableOrNotFound } from '../lib/readableOrNotFound.ts'

/**
 * `POST /api/<collection>/access/<id>`: the caller's permissions on one document (the admin
 * panel asks before showing it). Payload's own handler loads the document without access, so it
 * answers 200 for another school's id and 404 for a missing one; this one answers 404 for both,
 * then delegates. Without an id (create permissions), Payload's handler still answers.
 */
export const docAccessEndpoint: Endpoint = {
  method: 'post',
  path: '/access/:id',
  handler: async (req) => {
    const slug = req.routeParams?.collection as CollectionSlug | undefined
    const id = req.routeParams?.id as string | undefined
    const collection = slug ? req.payload.collections[slug] : undefined
    if (!collection || !id) throw new NotFound(req.t)
    await readableOrNotFound(req, collection.config.slug, id)
    await addDataAndFileToRequest(req)
    const result = await docAccessOperation({ id, collection, data: req.data, req })
    return Response.json(result, { headers: headersWithCors({ headers: new Headers(), req }) })
  },
}
