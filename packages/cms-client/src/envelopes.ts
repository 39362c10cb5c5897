/**
 * zod schemas of the cms's response envelopes. Documents inside are checked only as objects with
 * a string `id`: their shape is the generated types' (the cms validates what it stores).
 */
import { z } from 'zod'

/** A document: any object with a string id; its other fields pass through untouched. */
export const docSchema = z.looseObject({ id: z.string().min(1) })

/** `GET /api/<slug>`: a page of documents. */
export const paginatedSchema = z.object({
  docs: z.array(docSchema),
  totalDocs: z.number().int().nonnegative(),
  // Payload leaves `limit` out when asked for `limit: 0` (no limit) and nothing matches.
  limit: z.number().int().nonnegative().default(0),
  totalPages: z.number().int().nonnegative(),
  page: z.number().int().positive().optional(),
  pagingCounter: z.number().int().nonnegative(),
  hasPrevPage: z.boolean(),
  hasNextPage: z.boolean(),
  prevPage: z.number().int().nullable().optional(),
  nextPage: z.number().int().nullable().optional(),
})

/** `POST /api/<slug>`, `PATCH|DELETE /api/<slug>/<id>`: `{ doc, message }`. */
export const docEnvelopeSchema = z.object({ doc: docSchema })

/** `GET /api/<slug>/count`. */
export const countSchema = z.object({ totalDocs: z.number().int().nonnegative() })

/** `PATCH|DELETE /api/<slug>?where=…`: per-document outcomes (200, or 400 if any failed). */
export const bulkSchema = z.object({
  docs: z.array(docSchema),
  errors: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String), message: z.string() })),
})

/** `POST /api/users/login`. */
export const loginSchema = z.object({
  token: z.string().min(1),
  exp: z.number().int().positive(),
  user: docSchema,
})

/** `GET /api/users/me`: `user` is null for anonymous callers and for service keys. */
export const meSchema = z.object({ user: docSchema.nullable() })

/** `POST /api/users/logout`. */
export const messageSchema = z.object({ message: z.string() })

/** `POST /api/users/school-reset-token`. */
export const resetTokenSchema = z.object({ token: z.string().nullable() })

/** `POST /api/users/impersonation-ticket` (decision 100). */
export const impersonationTicketSchema = z.object({
  ticket: z.string(),
  ticketId: z.string(),
  expiresAt: z.string(),
  admin: z.object({ id: z.string(), email: z.string() }),
})

/** `POST /api/users/impersonation-redeem` (decision 100). */
export const impersonationSessionSchema = z.object({
  session: z.string(),
  id: z.string(),
  endsAt: z.string(),
  admin: z.object({ id: z.string(), email: z.string() }),
  by: z.object({ email: z.string() }),
})
