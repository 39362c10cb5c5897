/**
 * Sample parameters for every template, for tests, previews and the dev seed. `samples(locale)`
 * renders each template once; `FRENCH_MARKERS` holds a phrase each French message must contain.
 */
import type { Locale } from '@lyceum/domain'
import { accountExists } from './accountExists.ts'
import { contentUnpublished } from './contentUnpublished.ts'
import { invitation } from './invitation.ts'
import type { RenderedEmail } from './layout.ts'
import { passwordReset } from './passwordReset.ts'
import { paymentFailed } from './paymentFailed.ts'
import { reportDecided } from './reportDecided.ts'
import { subscriptionCanceled } from './subscriptionCanceled.ts'
import { verificationCode } from './verificationCode.ts'
import { welcome } from './welcome.ts'

/** The template names, in a stable order. */
export const TEMPLATE_NAMES = [
  'verificationCode',
  'welcome',
  'paymentFailed',
  'subscriptionCanceled',
  'accountExists',
  'passwordReset',
  'invitation',
  'reportDecided',
  'contentUnpublished',
] as const
export type TemplateName = (typeof TEMPLATE_NAMES)[number]

/** Fixed inputs shared by the samples. */
export const SAMPLE = {
  code: '042917',
  schoolName: 'Northwind Academy',
  schoolUrl: 'https://northwind.lyceum.example',
  loginUrl: 'https://northwind.lyceum.example/login',
  adminEmail: 'admin@northwind.example',
  portalUrl: 'https://lyceum.example/billing/portal?school=northwind',
  exportUrl: 'https://lyceum.example/schools/northwind/export',
  resubscribeUrl: 'https://lyceum.example/schools/northwind/resubscribe',
  signInUrl: 'https://lyceum.example/login',
  forgotPasswordUrl: 'https://lyceum.example/forgot-password',
  resetUrl: 'https://lyceum.example/reset-password?token=sample',
  acceptUrl: 'https://northwind.lyceum.example/invitations/sample-token',
  retryDate: new Date('2026-03-03T12:00:00Z'),
  effectiveDate: new Date('2026-04-30T12:00:00Z'),
} as const

/** Renders one template with the sample inputs, optionally with another school name. */
export function renderSample(
  name: TemplateName,
  locale: Locale,
  schoolName: string = SAMPLE.schoolName,
): RenderedEmail {
  switch (name) {
    case 'verificationCode':
      return verificationCode({ locale, code: SAMPLE.code, expiresInMinutes: 10 })
    case 'welcome':
      return welcome({
        locale,
        schoolName,
        schoolUrl: SAMPLE.schoolUrl,
        adminEmail: SAMPLE.adminEmail,
        loginUrl: SAMPLE.loginUrl,
      })
    case 'paymentFailed':
      return paymentFailed({
        locale,
        schoolName,
        amount: 2900,
        currency: 'EUR',
        retryDate: SAMPLE.retryDate,
        portalUrl: SAMPLE.portalUrl,
      })
    case 'subscriptionCanceled':
      return subscriptionCanceled({
        locale,
        schoolName,
        effectiveDate: SAMPLE.effectiveDate,
        exportUrl: SAMPLE.exportUrl,
        resubscribeUrl: SAMPLE.resubscribeUrl,
      })
    case 'accountExists':
      return accountExists({
        locale,
        signInUrl: SAMPLE.signInUrl,
        forgotPasswordUrl: SAMPLE.forgotPasswordUrl,
      })
    case 'passwordReset':
      return passwordReset({ locale, resetUrl: SAMPLE.resetUrl, expiresInMinutes: 30 })
    case 'invitation':
      return invitation({
        locale,
        schoolName,
        acceptUrl: SAMPLE.acceptUrl,
        role: 'instructor',
        inviterName: 'Nora Admin',
        expiresInDays: 7,
      })
    case 'reportDecided':
      return reportDecided({ locale, schoolName, itemTitle: 'Writing for skimmers', outcome: 'unpublished' })
    case 'contentUnpublished':
      return contentUnpublished({
        locale,
        schoolName,
        itemTitle: 'Writing for skimmers',
        courseTitle: 'Technical writing',
      })
  }
}

/** A French phrase (no-break spaces written as plain ones) that each French message contains. */
export const FRENCH_MARKERS: Readonly<Record<TemplateName, readonly string[]>> = {
  verificationCode: [
    'Votre code de vérification Lyceum',
    'Confirmez votre adresse e-mail',
    'Ce code est valable 10 minutes',
  ],
  welcome: ['Votre école est en ligne', 'Votre première connexion', 'Se connecter à Northwind Academy'],
  paymentFailed: ['Votre paiement n’a pas abouti', 'Mettre à jour mon moyen de paiement', 'le 3 mars 2026'],
  subscriptionCanceled: ['Votre abonnement est résilié', 'Exporter mes données', '30 avril 2026'],
  accountExists: ['Vous avez déjà un compte Lyceum', 'Se connecter', 'Réinitialiser mon mot de passe'],
  passwordReset: [
    'Réinitialisez votre mot de passe Lyceum',
    'Choisir un nouveau mot de passe',
    'pendant 30 minutes',
  ],
  invitation: [
    'Vous êtes invité à rejoindre Northwind Academy',
    'en tant que formateur',
    'Accepter l’invitation',
  ],
  reportDecided: ['Votre signalement a été examiné', 'Le contenu a été retiré', 'Merci de nous aider'],
  contentUnpublished: ['Un cours a été dépublié', 'Cours dépublié :', 'publiez de nouveau le cours'],
}

/** English counterparts, to show the English messages are not French. */
export const ENGLISH_MARKERS: Readonly<Record<TemplateName, readonly string[]>> = {
  verificationCode: [
    'Your Lyceum verification code',
    'Confirm your email address',
    'The code expires in 10 minutes',
  ],
  welcome: ['Your school is live', 'Signing in for the first time', 'Sign in to Northwind Academy'],
  paymentFailed: ["We couldn't process your payment", 'Update payment method', 'on March 3, 2026'],
  subscriptionCanceled: ['Your subscription is canceled', 'Export your data', 'April 30, 2026'],
  accountExists: ['You already have a Lyceum account', 'Sign in', 'Reset my password'],
  passwordReset: ['Reset your Lyceum password', 'Choose a new password', 'for 30 minutes'],
  invitation: ["You're invited to join Northwind Academy", 'as an instructor', 'Accept the invitation'],
  reportDecided: [
    'Your report has been reviewed',
    'The content has been taken offline',
    'Thank you for helping',
  ],
  contentUnpublished: ['A course was unpublished', 'Course unpublished:', 'publish the course again'],
}

/** Intl and French typography use no-break spaces (U+00A0, U+202F); compare with plain ones. */
export function plainSpaces(value: string): string {
  return value.replace(/[\u00a0\u202f]/g, ' ')
}
