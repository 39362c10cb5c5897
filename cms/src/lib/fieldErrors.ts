import { type PayloadRequest, ValidationError } from 'payload'
import { idOf } from './ids.ts'

/** Builds the error a hook throws for one field: `fail(path, message)`. */
export type Fail = (path: string, message: string) => ValidationError

/**
 * The `fail` of a collection's hooks: `fail(path, message)` returns a Payload ValidationError
 * (REST answers 400 with `errors: [{ path, message }]`) for document field `path` of
 * `collection`; its summary is translated with `req.t` (Payload's English without one). The
 * caller throws it.
 */
export function fieldErrors(req: { t?: PayloadRequest['t'] }, collection: { slug: string }): Fail {
  return (path, message) =>
    new ValidationError({ collection: collection.slug, errors: [{ path, message }] }, req.t)
}

/**
 * Refuses an update that changes any of `fields`: for the first field present in `data` whose
 * value differs from the stored one in `originalDoc`, throws `fail(field, message)` (a 400
 * ValidationError). A field absent from `data` is left alone; sending the stored value again is
 * allowed. Values are compared as relationship ids (`compare: 'id'`, the default: an id and the
 * populated document with that id are the same) or as JSON (`compare: 'json'`, for plain values,
 * arrays and objects). `message` is one text for every field or a function of the field name.
 */
export function refuseChanges<Field extends string>(options: {
  data: Partial<Record<string, unknown>>
  originalDoc: Partial<Record<string, unknown>> | undefined
  fields: readonly Field[]
  fail: Fail
  message: string | ((field: Field) => string)
  compare?: 'id' | 'json'
}): void {
  const { data, originalDoc, fields, fail, message, compare = 'id' } = options
  const same = compare === 'id' ? sameId : sameJson
  for (const field of fields) {
    if (field in data && !same(data[field], originalDoc?.[field]))
      throw fail(field, typeof message === 'string' ? message : message(field))
  }
}

function sameId(a: unknown, b: unknown): boolean {
  return idOf(a) === idOf(b)
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
