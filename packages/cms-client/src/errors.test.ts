import { describe, expect, it } from 'vitest'
import { CmsError, type CmsErrorCode, errorFromResponse, isCmsError } from './errors.ts'

const validation = {
  errors: [
    {
      name: 'ValidationError',
      message: 'The following fields are invalid: slug, name',
      data: {
        collection: 'tenants',
        errors: [
          { path: 'slug', message: 'This address is reserved. Choose another one.' },
          { path: 'name', message: 'This field is required.' },
        ],
      },
    },
  ],
}
const queryError = {
  errors: [
    { name: 'QueryError', message: 'The following path cannot be queried: nope', data: [{ path: 'nope' }] },
  ],
}
const plain = (message: string) => ({ errors: [{ message }] })

type Row = {
  status: number
  body: unknown
  code: CmsErrorCode
  message: string | RegExp
  fieldErrors?: Array<{ path: string; message: string }>
  retryable: boolean
}

// Bodies as the cms sends them (see cms/tests/cms-client.int.test.ts for the live ones).
const table: Array<[label: string, row: Row]> = [
  [
    '400 ValidationError → validation, with field errors',
    {
      status: 400,
      body: validation,
      code: 'validation',
      message: 'The following fields are invalid: slug, name',
      fieldErrors: [
        { path: 'slug', message: 'This address is reserved. Choose another one.' },
        { path: 'name', message: 'This field is required.' },
      ],
      retryable: false,
    },
  ],
  [
    '400 QueryError → validation, the path as a field error',
    {
      status: 400,
      body: queryError,
      code: 'validation',
      message: 'The following path cannot be queried: nope',
      fieldErrors: [{ path: 'nope', message: 'The following path cannot be queried: nope' }],
      retryable: false,
    },
  ],
  [
    '422 → validation',
    { status: 422, body: plain('Bad.'), code: 'validation', message: 'Bad.', retryable: false },
  ],
  [
    '401 → unauthorized',
    {
      status: 401,
      body: plain('The email or password provided is incorrect.'),
      code: 'unauthorized',
      message: 'The email or password provided is incorrect.',
      retryable: false,
    },
  ],
  [
    '403 → forbidden',
    {
      status: 403,
      body: plain('You are not allowed to perform this action.'),
      code: 'forbidden',
      message: 'You are not allowed to perform this action.',
      retryable: false,
    },
  ],
  [
    '404 → not_found',
    { status: 404, body: plain('Not Found'), code: 'not_found', message: 'Not Found', retryable: false },
  ],
  [
    '404 with a bare { message } (unknown route)',
    {
      status: 404,
      body: { message: 'Route not found "/api/nope"' },
      code: 'not_found',
      message: 'Route not found "/api/nope"',
      retryable: false,
    },
  ],
  [
    '409 → conflict',
    { status: 409, body: plain('Taken.'), code: 'conflict', message: 'Taken.', retryable: false },
  ],
  [
    '423 Locked → conflict',
    { status: 423, body: plain('Locked.'), code: 'conflict', message: 'Locked.', retryable: false },
  ],
  [
    '413 → payload_too_large, the cms message kept',
    {
      status: 413,
      body: plain('Storage quota exceeded: this school uses 0.0 MB of 0.0 MB.'),
      code: 'payload_too_large',
      message: /^Storage quota exceeded/,
      retryable: false,
    },
  ],
  [
    '431 (request head too large for a server) → payload_too_large',
    {
      status: 431,
      body: undefined,
      code: 'payload_too_large',
      message: 'This is too large.',
      retryable: false,
    },
  ],
  [
    '414 (URL too long for a proxy) → payload_too_large',
    {
      status: 414,
      body: undefined,
      code: 'payload_too_large',
      message: 'This is too large.',
      retryable: false,
    },
  ],
  [
    '429 → rate_limited, retryable',
    { status: 429, body: undefined, code: 'rate_limited', message: /Too many requests/, retryable: true },
  ],
  [
    '408 → timeout, retryable',
    { status: 408, body: undefined, code: 'timeout', message: /too long/, retryable: true },
  ],
  [
    '500 → server, retryable, Payload’s message not shown',
    {
      status: 500,
      body: plain('Something went wrong.'),
      code: 'server',
      message: /had a problem/,
      retryable: true,
    },
  ],
  [
    '503 with an HTML body (a proxy) → server',
    { status: 503, body: undefined, code: 'server', message: /had a problem/, retryable: true },
  ],
  [
    '4xx with a non-JSON body → code by status, generic message',
    {
      status: 403,
      body: undefined,
      code: 'forbidden',
      message: 'You are not allowed to do this.',
      retryable: false,
    },
  ],
  [
    '4xx with an unknown JSON shape → code by status, generic message',
    {
      status: 400,
      body: { error: 'nope' },
      code: 'validation',
      message: 'Some values are not valid.',
      retryable: false,
    },
  ],
  [
    '405 → bad_response, its message not shown',
    {
      status: 405,
      body: plain('Method Not Allowed'),
      code: 'bad_response',
      message: /unexpected answer/,
      retryable: false,
    },
  ],
  [
    '302 (a redirect not followed) → bad_response',
    { status: 302, body: undefined, code: 'bad_response', message: /unexpected answer/, retryable: false },
  ],
]

describe('errorFromResponse', () => {
  it.each(table)('%s', (_label, row) => {
    const error = errorFromResponse(row.status, row.body, 'GET /api/plans')
    expect(error).toBeInstanceOf(CmsError)
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('CmsError')
    expect(error.code).toBe(row.code)
    expect(error.status).toBe(row.status)
    expect(error.message).toMatch(row.message)
    expect(error.fieldErrors).toEqual(row.fieldErrors ?? [])
    expect(error.retryable).toBe(row.retryable)
    expect(error.request).toBe('GET /api/plans')
    expect(error.cause).toEqual({ status: row.status, body: row.body })
  })

  it('takes the first error that has a message', () => {
    const error = errorFromResponse(400, { errors: [{ name: 'X' }, { message: 'Second.' }] })
    expect(error.message).toBe('Second.')
  })

  it('fills a field error without a message from its error', () => {
    const error = errorFromResponse(400, {
      errors: [{ message: 'Invalid: a', data: { errors: [{ path: 'a' }] } }],
    })
    expect(error.fieldErrors).toEqual([{ path: 'a', message: 'Invalid: a' }])
  })
})

describe('isCmsError', () => {
  it('recognises a CmsError, optionally by code', () => {
    const error = new CmsError({ code: 'not_found', status: 404 })
    expect(isCmsError(error)).toBe(true)
    expect(isCmsError(error, 'not_found', 'forbidden')).toBe(true)
    expect(isCmsError(error, 'forbidden')).toBe(false)
    expect(isCmsError(new Error('x'))).toBe(false)
    expect(isCmsError({ code: 'not_found' })).toBe(false)
  })
})
