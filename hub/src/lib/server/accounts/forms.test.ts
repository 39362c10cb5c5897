import { describe, expect, it } from 'vitest'
import { paraglideMiddleware } from '../../paraglide/server.js'
import { codeSchema, onboardingSchema, parseFields, signupSchema, slugVerdict } from './forms.ts'

/** Runs `work` as a request in `language` would (Accept-Language), as the hooks do. */
function inLanguage<T>(language: string, work: () => T): Promise<T> {
  const request = new Request('http://localhost/signup', { headers: { 'accept-language': language } })
  return paraglideMiddleware(request, async () => new Response(JSON.stringify(work()))).then(
    async (response) => (await response.json()) as T,
  )
}

describe('the account forms', () => {
  it('lower-cases the email and accepts a long lowercase passphrase', async () => {
    const parsed = await inLanguage('en', () =>
      parseFields(signupSchema(), { email: ' Ada@Example.COM ', password: 'correct horse battery staple' }),
    )
    expect(parsed).toEqual({
      ok: true,
      data: { email: 'ada@example.com', password: 'correct horse battery staple' },
    })
  })

  it('gives one message per field, in the visitor’s language', async () => {
    const en = await inLanguage('en', () =>
      parseFields(signupSchema(), { email: 'nope', password: 'letmein1' }),
    )
    expect(en).toEqual({
      ok: false,
      errors: {
        email: 'Enter a valid email address, like name@example.com.',
        password: 'This password is too common: it appears in lists of leaked passwords. Choose another one.',
      },
    })
    const fr = await inLanguage('fr', () => parseFields(signupSchema(), { email: 'nope', password: 'court' }))
    expect(fr).toEqual({
      ok: false,
      errors: {
        email: 'Saisissez une adresse e-mail valide, comme nom@exemple.fr.',
        password: 'Utilisez au moins 8 caractères.',
      },
    })
  })

  it('takes a code typed with spaces or a dash, and refuses anything but 6 digits', async () => {
    const ok = await inLanguage('en', () => parseFields(codeSchema(), { email: 'a@b.co', code: '042 917' }))
    expect(ok).toEqual({ ok: true, data: { email: 'a@b.co', code: '042917' } })
    for (const code of ['04291', '0429171', '04291a', '']) {
      const bad = await inLanguage('en', () => parseFields(codeSchema(), { email: 'a@b.co', code }))
      expect(bad).toEqual({ ok: false, errors: { code: 'Enter the 6 digits from the email.' } })
    }
  })

  it('checks the onboarding fields with the foundation’s slug rules and the extra reserved words', async () => {
    const bad = await inLanguage('en', () =>
      parseFields(onboardingSchema(['billing']), {
        name: ' ',
        slug: 'billing',
        locale: 'de',
        primaryColor: 'red',
        plan: 'x',
      }),
    )
    expect(bad.ok).toBe(false)
    expect(Object.keys(bad.ok ? {} : bad.errors).sort()).toEqual([
      'locale',
      'name',
      'plan',
      'primaryColor',
      'slug',
    ])
    const good = await inLanguage('en', () =>
      parseFields(onboardingSchema([]), {
        name: ' Northwind ',
        slug: 'North-Wind',
        locale: 'fr',
        primaryColor: '#AABBCC',
        plan: '0b4f1c6e-3c1a-4d7e-9a51-6f0f2d9c8b11',
      }),
    )
    expect(good).toEqual({
      ok: true,
      data: {
        name: 'Northwind',
        slug: 'north-wind',
        locale: 'fr',
        primaryColor: '#aabbcc',
        plan: '0b4f1c6e-3c1a-4d7e-9a51-6f0f2d9c8b11',
      },
    })
    const fr = await inLanguage('fr', () => slugVerdict('-ecole', []))
    expect(fr).toEqual({
      ok: false,
      problem: 'hyphen_at_edge',
      message: 'Commencez et terminez par une lettre ou un chiffre, pas par un tiret.',
    })
  })
})
