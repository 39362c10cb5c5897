/**
 * Types of the cms REST API, derived from the generated `Config` (src/payload-types.ts, written
 * by `payload generate:types` from the cms collections, which are the source of truth).
 */
import type { Config, Media } from './payload-types.ts'

/** Slugs of the platform's collections; Payload's own `payload-*` collections are left out. */
export type CollectionSlug = Exclude<keyof Config['collections'] & string, `payload-${string}`>

/** The document type of a collection, as the cms returns it (relationships: id or document). */
export type Doc<S extends CollectionSlug> = Config['collections'][S]

/** Collections that take file uploads (multipart). */
export type UploadSlug = 'media'

/**
 * A `select` for a collection, as generated: either an include list (`{ name: true }`) or an
 * exclude list (`{ name: false }`); groups nest (`{ limits: { seats: true } }`). The id is
 * always returned.
 */
export type SelectOf<S extends CollectionSlug> = Config['collectionsSelect'][S]

/** A document read with a `select`: only the selected fields are there, plus the id. */
export type Selected<S extends CollectionSlug> = Partial<Doc<S>> & { id: string }

/** Fields the cms sets itself; never sent on create or update. */
type SystemField = 'id' | 'createdAt' | 'updatedAt' | 'collection'

/**
 * Data for `create`: the document without its system fields. Fields the cms fills with a default
 * (e.g. `plans.currency`) are still typed as required, as in the generated types.
 */
export type CreateData<S extends CollectionSlug> = Omit<Doc<S>, SystemField>

/** Makes nested groups partial too; arrays are replaced whole, as the cms does. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T

/**
 * Data for `update`: any subset of the fields. Groups merge with the stored value (updating
 * `{ limits: { seats } }` keeps `limits.storageBytes`); arrays replace the stored array.
 */
export type UpdateData<S extends CollectionSlug> = DeepPartial<CreateData<S>>

/** Fields of an upload the cms derives from the file itself. */
type FileField = 'url' | 'thumbnailURL' | 'filename' | 'mimeType' | 'filesize' | 'width' | 'height'

/** The non-file fields sent with an upload (`_payload`), e.g. `{ tenant, alt }`. */
export type UploadFields = Omit<CreateData<'media'>, FileField>

/** A file to upload: its bytes, the name to store it under, and its MIME type. */
export type UploadFile = { data: Uint8Array | Blob; filename: string; mimeType: string }

/** What an upload answers. */
export type UploadedDoc = Media

/**
 * A value compared in a `where`. Dates are sent as ISO 8601 strings. There is no `null`: a query
 * string cannot carry one; match empty fields with `{ exists: false }`.
 */
export type WhereValue = string | number | boolean | Date

/** Payload's comparison operators, for one field path. */
export type WhereOperators = {
  equals?: WhereValue
  not_equals?: WhereValue
  /** Matches any of the values; an empty list matches nothing. */
  in?: readonly WhereValue[]
  /** Matches none of the values; an empty list matches everything. */
  not_in?: readonly WhereValue[]
  /** `true`: the field has a value; `false`: it is null or missing. */
  exists?: boolean
  greater_than?: number | string | Date
  greater_than_equal?: number | string | Date
  less_than?: number | string | Date
  less_than_equal?: number | string | Date
  /** Case-insensitive; every word must appear. */
  like?: string
  /** Case-insensitive substring. */
  contains?: string
}

/**
 * A Payload query. Keys are field paths (`slug`, `limits.seats`, `memberships.tenant`, or through
 * a relationship: `plan.code`); `and`/`or` combine sub-queries. Every field condition must hold.
 *
 * @example { and: [{ tenant: { equals: id } }, { or: [{ published: { equals: true } }, { slug: { like: 'intro' } }] }] }
 */
export type Where = {
  and?: readonly Where[]
  /** Any of the sub-queries. An empty list matches nothing (the client sends it so). */
  or?: readonly Where[]
  [path: string]: WhereOperators | readonly Where[] | undefined
}

/** Sort by field paths; a leading `-` sorts descending (`'-createdAt'`, `['sortOrder', 'name']`). */
export type Sort = string | readonly string[]

/** Options of `find`. */
export type FindQuery<S extends CollectionSlug> = {
  where?: Where
  /** Page size. The cms's default is 10; `0` returns every matching document on one page. */
  limit?: number
  /** 1-based page number. */
  page?: number
  sort?: Sort
  /** How deep to populate relationships. The client's default is 0 (ids only); Payload's is 2. */
  depth?: number
  select?: SelectOf<S>
}

/** Options of `findByID`. */
export type FindByIDQuery<S extends CollectionSlug> = {
  /** As in {@link FindQuery}: default 0. */
  depth?: number
  select?: SelectOf<S>
}

/** Options of the writing operations: the depth of the document(s) they answer with (default 0). */
export type WriteOptions = { depth?: number }

/** A page of documents, as Payload answers `find`. Pages are 1-based. */
export type PaginatedDocs<T> = {
  docs: T[]
  totalDocs: number
  /** The page size asked for (0: no limit). */
  limit: number
  totalPages: number
  page?: number
  /** 1-based position of the first document of this page among all matches. */
  pagingCounter: number
  hasPrevPage: boolean
  hasNextPage: boolean
  prevPage?: number | null
  nextPage?: number | null
}

/**
 * What a bulk update or delete answers. Each document is processed on its own, so some may succeed
 * while others fail: `errors` holds the ids that failed and the cms's (shown-safe) message.
 */
export type BulkResult<T> = { docs: T[]; errors: Array<{ id: string; message: string }> }

/** What `login` answers: the JWT to send as `{ token }`, the user, and when the token expires. */
export type LoginResult = {
  token: string
  user: Doc<'users'>
  /** Expiry of `token`, in seconds since the Unix epoch. */
  exp: number
}
