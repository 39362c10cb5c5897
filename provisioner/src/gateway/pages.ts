import { LOCALES, type Locale } from '@lyceum/domain'

/**
 * The gateway's own pages, answered instead of proxying:
 * - `provisioning` (503, refreshes itself): the school is being set up;
 * - `suspended` (503): the school is switched off; only its owner can switch it back on;
 * - `failed` (503): the school cannot be served (failed provisioning, lookup error…);
 * - `wake-failed` (503, refreshes itself): a sleeping school did not start in time;
 * - `bad-gateway` (502): the upstream (tenant instance, hub or cms) did not answer;
 * - `not-found` (404): no school at this address.
 */
export const PAGE_KINDS = [
  'provisioning',
  'suspended',
  'failed',
  'wake-failed',
  'bad-gateway',
  'not-found',
] as const
export type PageKind = (typeof PAGE_KINDS)[number]

/** What a page is branded and localised with. */
export interface PageContext {
  locale: Locale
  /** The school's display name; pages fall back to "this school" without it. */
  name?: string
  /** `#rrggbb`; anything else is ignored (it ends up in CSS). Default Lyceum blue. */
  brandColor?: string
  /** Absolute URL of the root domain (the hub), for the "Go to Lyceum" links. */
  rootUrl: string
}

/** A complete response: status, headers (including `Content-Type` and `Cache-Control`), body. */
export interface RenderedPage {
  status: number
  headers: Record<string, string>
  body: string
}

interface PageSpec {
  status: number
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number
  /** Seconds, sent as `<meta http-equiv="refresh">`. */
  refresh?: number
  link?: 'lyceum' | 'owner'
}

// Suspended answers 503, not 402: 402 is "reserved for future use" (RFC 9110 §15.5.3) and clients
// and crawlers treat it as an error of the visitor's; a suspension is not always about payment
// (it may be the platform's decision); and 503 tells crawlers the outage is temporary, so a
// school that pays its invoice is not dropped from search results. 403 would wrongly suggest the
// visitor lacks permission.
const SPECS: Record<PageKind, PageSpec> = {
  provisioning: { status: 503, retryAfter: 5, refresh: 5 },
  suspended: { status: 503, retryAfter: 3600, link: 'owner' },
  failed: { status: 503, retryAfter: 60 },
  'wake-failed': { status: 503, retryAfter: 5, refresh: 10 },
  'bad-gateway': { status: 502 },
  'not-found': { status: 404, link: 'lyceum' },
}

interface Messages {
  fallbackName: string
  fallbackSite: string
  links: { lyceum: string; owner: string }
  pages: Record<PageKind, { heading: string; text: (name: string) => string }>
}

// `{name}` never starts a sentence, so the lower-case fallback ("this school") reads well, and
// no French adjective has to agree with a school name of unknown gender.
const MESSAGES: Record<Locale, Messages> = {
  en: {
    fallbackName: 'this school',
    fallbackSite: 'this site',
    links: { lyceum: 'Go to Lyceum', owner: 'School owner? Sign in to Lyceum' },
    pages: {
      provisioning: {
        heading: 'Your school is being set up',
        text: (name) =>
          `We are finishing setting up ${name}. This page refreshes by itself in a few seconds.`,
      },
      suspended: {
        heading: 'This school is suspended',
        text: (name) =>
          `The online space of ${name} is switched off for now, usually because of a billing or account matter. ` +
          'Only the school’s owner can switch it back on, by signing in to Lyceum. ' +
          'If you study or teach here, please contact your school.',
      },
      failed: {
        heading: 'This school is temporarily unavailable',
        text: (name) => `We can’t show ${name} right now. Please try again in a few minutes.`,
      },
      'wake-failed': {
        heading: 'This school is still starting',
        text: (name) =>
          `We are starting ${name}, and it is taking longer than usual. This page tries again in a few seconds.`,
      },
      'bad-gateway': {
        heading: 'Temporarily unavailable',
        text: (name) => `We can’t reach ${name} right now. Please try again in a moment.`,
      },
      'not-found': {
        heading: 'No school here',
        text: () =>
          'There is no school at this address. Check it for typos, or go to Lyceum to find or create a school.',
      },
    },
  },
  fr: {
    fallbackName: 'cette école',
    fallbackSite: 'ce site',
    links: { lyceum: 'Aller sur Lyceum', owner: 'Propriétaire de l’école ? Connectez-vous à Lyceum' },
    pages: {
      provisioning: {
        heading: 'Votre école est en cours de création',
        text: (name) =>
          `Nous terminons la mise en place de ${name}. Cette page s’actualise d’elle-même dans quelques secondes.`,
      },
      suspended: {
        heading: 'Cette école est suspendue',
        text: (name) =>
          `L’espace en ligne de ${name} est désactivé pour le moment, généralement pour une question de facturation ou de compte. ` +
          'Seul le propriétaire de l’école peut le réactiver, en se connectant à Lyceum. ' +
          'Si vous étudiez ou enseignez ici, contactez votre école.',
      },
      failed: {
        heading: 'Cette école est temporairement indisponible',
        text: (name) =>
          `Nous ne pouvons pas afficher ${name} pour le moment. Réessayez dans quelques minutes.`,
      },
      'wake-failed': {
        heading: 'Cette école est encore en cours de démarrage',
        text: (name) =>
          `Nous démarrons ${name}, et cela prend plus de temps que d’habitude. Cette page réessaie dans quelques secondes.`,
      },
      'bad-gateway': {
        heading: 'Temporairement indisponible',
        text: (name) => `Nous ne parvenons pas à joindre ${name} pour le moment. Réessayez dans un instant.`,
      },
      'not-found': {
        heading: 'Aucune école ici',
        text: () =>
          'Il n’y a pas d’école à cette adresse. Vérifiez qu’elle ne contient pas de faute de frappe, ' +
          'ou rendez-vous sur Lyceum pour trouver ou créer une école.',
      },
    },
  },
}

const LYCEUM_BLUE = '#1d4ed8'

/**
 * Renders one of the gateway's pages: small server-rendered HTML (no scripts, no external
 * resources), `Cache-Control: no-store`, `noindex`, localised and branded. Never includes
 * internal details: the caller passes only what a visitor may see.
 */
export function renderPage(kind: PageKind, context: PageContext): RenderedPage {
  const spec = SPECS[kind]
  const messages = MESSAGES[context.locale]
  const page = messages.pages[kind]
  const fallback = kind === 'bad-gateway' ? messages.fallbackSite : messages.fallbackName
  const text = page.text(context.name ? escapeHtml(context.name) : fallback)
  const brand = context.name ? escapeHtml(context.name) : 'Lyceum'
  const color = isHexColor(context.brandColor) ? context.brandColor.toLowerCase() : LYCEUM_BLUE
  const link = spec.link
    ? `<p><a href="${escapeHtml(context.rootUrl)}">${escapeHtml(messages.links[spec.link])}</a></p>`
    : ''
  const refresh = spec.refresh === undefined ? '' : `<meta http-equiv="refresh" content="${spec.refresh}">`
  const body = `<!doctype html>
<html lang="${context.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
${refresh}<title>${escapeHtml(page.heading)} · ${brand}</title>
<style>
:root{--brand:${color};--on-brand:${textColorOn(color)}}
body{margin:0;font:1rem/1.5 system-ui,sans-serif;color:#1f2937;background:#f9fafb}
header{background:var(--brand);color:var(--on-brand);padding:1rem 1.5rem;font-weight:600}
header p{margin:0;max-width:40rem;margin-inline:auto}
main{max-width:40rem;margin:3rem auto;padding:0 1.5rem}
h1{font-size:1.75rem;line-height:1.2}
a{color:#1e40af}
a:focus-visible{outline:3px solid var(--brand);outline-offset:2px}
</style>
</head>
<body>
<header><p>${brand}</p></header>
<main>
<h1>${escapeHtml(page.heading)}</h1>
<p>${text}</p>
${link}</main>
</body>
</html>
`
  const headers: Record<string, string> = {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-language': context.locale,
    'x-content-type-options': 'nosniff',
  }
  if (spec.retryAfter !== undefined) headers['retry-after'] = String(spec.retryAfter)
  return { status: spec.status, headers, body }
}

/**
 * Picks the page language: the school's own locale when known (its visitors read its language),
 * else the best of `en`/`fr` in `Accept-Language` by q-value (ties: the order given), else `en`.
 */
export function negotiateLocale(acceptLanguage: string | undefined, schoolLocale?: Locale): Locale {
  if (schoolLocale) return schoolLocale
  if (!acceptLanguage) return 'en'
  let best: { locale: Locale; q: number } | undefined
  for (const part of acceptLanguage.split(',')) {
    const [tag = '', ...params] = part.trim().split(';')
    const primary = tag.trim().toLowerCase().split('-')[0]
    const locale = LOCALES.find((candidate) => candidate === primary)
    if (!locale) continue
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith('q='))
    const q = qParam ? Number(qParam.slice(2)) : 1
    if (!Number.isFinite(q) || q <= 0) continue
    if (!best || q > best.q) best = { locale, q }
  }
  return best?.locale ?? 'en'
}

/** Escapes `& < > " '` for HTML text and double- or single-quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

function isHexColor(value: string | undefined): value is string {
  return value !== undefined && /^#[0-9a-f]{6}$/i.test(value)
}

// Relative luminance of #111827, the dark text colour.
const DARK_TEXT_LUMINANCE = 0.0103

/** White or near-black, whichever contrasts more with `#rrggbb` (WCAG relative luminance). */
function textColorOn(hex: string): string {
  const channel = (offset: number) => {
    const c = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255
    return c <= 0.039_28 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
  const contrastWithWhite = 1.05 / (luminance + 0.05)
  const contrastWithDark = (luminance + 0.05) / (DARK_TEXT_LUMINANCE + 0.05)
  return contrastWithWhite >= contrastWithDark ? '#ffffff' : '#111827'
}
