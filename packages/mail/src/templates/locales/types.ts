/**
 * The strings of every message in one language. A locale is one file exporting a `Messages`
 * object (see `en.ts`, `fr.ts`), registered in `index.ts`; the compiler then refuses a locale from
 * `@lyceum/domain`'s `LOCALES` without its file, or a file missing a string.
 *
 * Strings are plain text (the layout escapes them). Values arrive already formatted for the locale
 * (money, dates), so a function here only places them in its sentence.
 */
export type Messages = {
  /** BCP 47 tag for `Intl` and `<html lang>`. */
  intlLocale: string
  common: {
    greeting: string
    signOff: (productName: string) => string
    footer: (productName: string) => string
    linkFallback: string
  }
  verificationCode: {
    subject: (p: { productName: string }) => string
    preheader: (p: { expiresInMinutes: number }) => string
    heading: string
    intro: string
    expiry: (p: { expiresInMinutes: number }) => string
    notYou: string
    neverShare: (p: { productName: string }) => string
  }
  accountExists: {
    subject: (p: { productName: string }) => string
    preheader: string
    heading: string
    intro: (p: { productName: string }) => string
    signInButton: string
    forgot: string
    resetButton: string
    notYou: string
  }
  invitation: {
    subject: (p: { schoolName: string }) => string
    preheader: (p: { schoolName: string; role: string }) => string
    heading: (p: { schoolName: string }) => string
    intro: (p: { schoolName: string; role: string; inviterName: string | null }) => string
    acceptButton: string
    expiry: (p: { expiresInDays: number }) => string
    notYou: string
    roles: { admin: string; instructor: string; learner: string }
  }
  passwordReset: {
    subject: (p: { productName: string }) => string
    preheader: (p: { expiresInMinutes: number }) => string
    heading: string
    intro: string
    resetButton: string
    expiry: (p: { expiresInMinutes: number }) => string
    notYou: string
  }
  welcome: {
    subject: (p: { schoolName: string; productName: string }) => string
    preheader: (p: { schoolUrl: string }) => string
    heading: string
    intro: (p: { schoolName: string }) => string
    schoolAddressLabel: string
    adminAccountLabel: string
    firstSignInHeading: string
    firstSignInSteps: (p: { adminEmail: string }) => string[]
    signInButton: (p: { schoolName: string }) => string
    tip: (p: { schoolUrl: string }) => string
  }
  paymentFailed: {
    subject: (p: { schoolName: string }) => string
    preheader: (p: { amount: string }) => string
    heading: string
    intro: (p: { amount: string; schoolName: string; productName: string }) => string
    /** With a scheduled retry (`retryDate` formatted for the locale). */
    retry: (p: { retryDate: string }) => string
    /** Without one. */
    noRetry: (p: { schoolName: string }) => string
    updateButton: string
    causes: string
  }
  subscriptionCanceled: {
    subject: (p: { schoolName: string; productName: string }) => string
    preheader: (p: { effectiveDate: string }) => string
    heading: string
    intro: (p: { schoolName: string; productName: string }) => string
    effectiveDateLabel: string
    exportIntro: string
    exportButton: string
    resubscribeIntro: string
    resubscribeButton: string
    thanks: (p: { productName: string }) => string
  }
  reportDecided: {
    subject: (p: { schoolName: string }) => string
    heading: string
    intro: (p: { schoolName: string; itemTitle: string }) => string
    outcomes: { dismissed: string; unpublished: string; tenant_suspended: string }
    thanks: string
  }
  contentUnpublished: {
    subject: (p: { courseTitle: string }) => string
    preheader: (p: { itemTitle: string }) => string
    heading: string
    intro: (p: { schoolName: string; productName: string }) => string
    itemLabel: string
    courseLabel: string
    next: string
  }
}
