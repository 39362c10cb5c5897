import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as m from './paraglide/messages.js'

// Offline, Paraglide cannot fetch the message-format plugin from a CDN: it then reports
// "Successfully compiled" with no messages at all. These tests fail in that case, and when a
// message is missing in one language.
const hubDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const read = (locale: string) =>
  JSON.parse(readFileSync(path.join(hubDir, 'messages', `${locale}.json`), 'utf8')) as Record<string, unknown>
const en = read('en')
const fr = read('fr')
const keys = Object.keys(en).filter((key) => key !== '$schema')
type MessageFn = (inputs?: Record<string, unknown>, options?: { locale?: 'en' | 'fr' }) => string
const messages = m as unknown as Record<string, MessageFn>

/** Inputs every message may ask for. */
const inputs = {
  year: 2026,
  address: 'ecole.lyceum.example',
  days: 14,
  plan: 'Starter',
  count: 5,
  formatted: '5',
  size: '2 GB',
  id: 'ref-1',
}

describe('compiled messages', () => {
  it('were compiled from the message files (the plugin loaded from node_modules)', () => {
    expect(readdirSync(path.join(hubDir, 'src/lib/paraglide/messages')).length).toBeGreaterThan(keys.length)
    expect(messages.landing_hero_title?.({}, { locale: 'fr' })).toBe(
      'Votre école, sur sa propre plateforme d’apprentissage',
    )
    expect(messages.nav_pricing?.({}, { locale: 'fr' })).toBe('Tarifs')
  })

  it('have the same keys in English and French', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort())
  })

  it.each(keys)('%s is compiled for both locales, with French of its own where English has words', (key) => {
    const fn = messages[key]
    expect(fn, `m.${key} is missing from the compiled output`).toBeTypeOf('function')
    if (!fn) return
    const english = fn(inputs, { locale: 'en' })
    const french = fn(inputs, { locale: 'fr' })
    // A message whose variants all miss renders its own key: the sign of a broken plural.
    expect(english).not.toBe(key)
    expect(french).not.toBe(key)
    expect(french).not.toContain('{')
    if (!['site_name', 'footer_copyright'].includes(key)) expect(french).not.toBe(english)
  })

  it('pluralises', () => {
    expect(messages.pricing_trial?.({ days: 14 }, { locale: 'en' })).toBe('14-day free trial')
    expect(messages.pricing_trial?.({ days: 14 }, { locale: 'fr' })).toBe('Essai gratuit de 14 jours')
    expect(messages.pricing_trial?.({ days: 1 }, { locale: 'fr' })).toBe('Essai gratuit de 1 jour')
    expect(messages.pricing_limit_seats?.({ count: 1, formatted: '1' }, { locale: 'en' })).toBe('1 member')
    expect(messages.pricing_limit_seats?.({ count: 5000, formatted: '5,000' }, { locale: 'en' })).toBe(
      '5,000 members',
    )
    expect(messages.pricing_limit_courses?.({ count: 1, formatted: '1' }, { locale: 'en' })).toBe('1 course')
  })
})
