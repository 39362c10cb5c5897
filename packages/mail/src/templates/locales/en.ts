import type { Messages } from './types.ts'

const plural = new Intl.PluralRules('en')
const minutes = (n: number): string => `${n} ${plural.select(n) === 'one' ? 'minute' : 'minutes'}`

/** English. */
export const en: Messages = {
  intlLocale: 'en',
  common: {
    greeting: 'Hello,',
    signOff: (productName) => `The ${productName} team`,
    footer: (productName) => `This is an automated message from ${productName}.`,
    linkFallback: "If the button doesn't work, copy this link into your browser:",
  },
  verificationCode: {
    subject: ({ productName }) => `Your ${productName} verification code`,
    preheader: ({ expiresInMinutes }) => `Your code expires in ${minutes(expiresInMinutes)}.`,
    heading: 'Confirm your email address',
    intro: 'Enter this code to continue:',
    expiry: ({ expiresInMinutes }) => `The code expires in ${minutes(expiresInMinutes)}.`,
    notYou:
      "Didn't ask for a code? You can safely ignore this email. Someone may have typed your address by mistake.",
    neverShare: ({ productName }) =>
      `Never share this code with anyone. The ${productName} team will never ask you for it.`,
  },
  accountExists: {
    subject: ({ productName }) => `You already have a ${productName} account`,
    preheader: 'Sign in, or reset your password if you forgot it.',
    heading: 'You already have an account',
    intro: ({ productName }) =>
      `Someone, probably you, tried to sign up for ${productName} with this email address. It already has an account, so no new one was created.`,
    signInButton: 'Sign in',
    forgot: 'Forgot your password? Choose a new one:',
    resetButton: 'Reset my password',
    notYou: "Didn't try to sign up? You can safely ignore this email. Your account hasn't changed.",
  },
  invitation: {
    subject: ({ schoolName }) => `You're invited to join ${schoolName}`,
    preheader: ({ schoolName, role }) => `Join ${schoolName} as ${role}.`,
    heading: ({ schoolName }) => `Join ${schoolName}`,
    intro: ({ schoolName, role, inviterName }) =>
      `${inviterName ? `${inviterName} invited you` : 'You are invited'} to join ${schoolName} as ${role}. Accept with the button below: you will create your account, or sign in if you already have one.`,
    acceptButton: 'Accept the invitation',
    expiry: ({ expiresInDays }) =>
      `The link works once, for ${expiresInDays} ${expiresInDays === 1 ? 'day' : 'days'}.`,
    notYou: 'Not expecting this? You can safely ignore this email: nothing happens until you accept.',
    roles: { admin: 'an administrator', instructor: 'an instructor', learner: 'a learner' },
  },
  passwordReset: {
    subject: ({ productName }) => `Reset your ${productName} password`,
    preheader: ({ expiresInMinutes }) => `The link works for ${minutes(expiresInMinutes)}.`,
    heading: 'Choose a new password',
    intro:
      'We received a request to reset the password of your account. Use the button below to choose a new one:',
    resetButton: 'Choose a new password',
    expiry: ({ expiresInMinutes }) => `The link works once, for ${minutes(expiresInMinutes)}.`,
    notYou: "Didn't ask for this? You can safely ignore this email. Your password hasn't changed.",
  },
  welcome: {
    subject: ({ schoolName, productName }) => `${schoolName} is live on ${productName}`,
    preheader: ({ schoolUrl }) => `Your school is ready at ${schoolUrl}`,
    heading: 'Your school is live',
    intro: ({ schoolName }) => `Good news: ${schoolName} is ready and has its own address.`,
    schoolAddressLabel: 'School address:',
    adminAccountLabel: 'Administrator account:',
    firstSignInHeading: 'Signing in for the first time',
    firstSignInSteps: ({ adminEmail }) => [
      'Open the sign-in page with the button below.',
      `Sign in with your administrator email address, ${adminEmail}.`,
      'Invite your instructors and create your first course.',
    ],
    signInButton: ({ schoolName }) => `Sign in to ${schoolName}`,
    tip: ({ schoolUrl }) => `Tip: bookmark ${schoolUrl}. It's the address your learners will use too.`,
  },
  paymentFailed: {
    subject: ({ schoolName }) => `Action needed: payment failed for ${schoolName}`,
    preheader: ({ amount }) => `We couldn't collect ${amount}. Please update your payment method.`,
    heading: "We couldn't process your payment",
    intro: ({ amount, schoolName, productName }) =>
      `We tried to charge ${amount} for the ${productName} subscription of ${schoolName}, but the payment didn't go through.`,
    retry: ({ retryDate }) =>
      `We'll try again on ${retryDate}. To avoid any interruption, please update your payment method before then.`,
    noRetry: ({ schoolName }) =>
      `To keep ${schoolName} online, please update your payment method as soon as possible.`,
    updateButton: 'Update payment method',
    causes: 'The usual causes are an expired card, insufficient funds or a payment blocked by the bank.',
  },
  subscriptionCanceled: {
    subject: ({ schoolName, productName }) =>
      `Your ${productName} subscription for ${schoolName} is canceled`,
    preheader: ({ effectiveDate }) => `Access ends on ${effectiveDate}.`,
    heading: 'Your subscription is canceled',
    intro: ({ schoolName, productName }) =>
      `The ${productName} subscription for ${schoolName} has been canceled.`,
    effectiveDateLabel: 'Access ends on:',
    exportIntro:
      "Want to keep your school's courses, members and progress? Download a copy of your data while you still can.",
    exportButton: 'Export your data',
    resubscribeIntro: 'Changed your mind? You can resubscribe at any time.',
    resubscribeButton: 'Resubscribe',
    thanks: ({ productName }) => `Thank you for using ${productName}.`,
  },
  reportDecided: {
    subject: ({ schoolName }) => `Your report on ${schoolName} has been reviewed`,
    heading: 'Your report has been reviewed',
    intro: ({ schoolName, itemTitle }) =>
      `You reported "${itemTitle}" on ${schoolName}. Our moderators have reviewed it.`,
    outcomes: {
      dismissed: 'They found that it does not break the rules, so it stays online.',
      unpublished: 'The content has been taken offline.',
      tenant_suspended: 'The school has been suspended.',
    },
    thanks: 'Thank you for helping keep the platform safe.',
  },
  contentUnpublished: {
    subject: ({ courseTitle }) => `"${courseTitle}" has been unpublished after a report`,
    preheader: ({ itemTitle }) => `Members reported "${itemTitle}".`,
    heading: 'A course was unpublished',
    intro: ({ schoolName, productName }) =>
      `Members of ${schoolName} reported content, and the ${productName} moderators have unpublished the course that holds it.`,
    itemLabel: 'Reported:',
    courseLabel: 'Course unpublished:',
    next: 'Review the content, then publish the course again from your school when it follows the rules.',
  },
}
