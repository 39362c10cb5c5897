import type { Messages } from './types.ts'

/** French typography: a no-break space before `:` `;` `?` `!` and inside guillemets. */
const NBSP = '\u00a0'
const plural = new Intl.PluralRules('fr')
const minutes = (n: number): string => `${n}${NBSP}${plural.select(n) === 'one' ? 'minute' : 'minutes'}`

/** Français. */
export const fr: Messages = {
  intlLocale: 'fr',
  common: {
    greeting: 'Bonjour,',
    signOff: (productName) => `L’équipe ${productName}`,
    footer: (productName) => `Ce message automatique vous a été envoyé par ${productName}.`,
    linkFallback: `Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur${NBSP}:`,
  },
  verificationCode: {
    subject: ({ productName }) => `Votre code de vérification ${productName}`,
    preheader: ({ expiresInMinutes }) => `Votre code est valable ${minutes(expiresInMinutes)}.`,
    heading: 'Confirmez votre adresse e-mail',
    intro: `Saisissez ce code pour continuer${NBSP}:`,
    expiry: ({ expiresInMinutes }) => `Ce code est valable ${minutes(expiresInMinutes)}.`,
    notYou: `Vous n’avez rien demandé${NBSP}? Ignorez simplement cet e-mail${NBSP}: quelqu’un a sans doute saisi votre adresse par erreur.`,
    neverShare: ({ productName }) =>
      `Ne communiquez ce code à personne. L’équipe ${productName} ne vous le demandera jamais.`,
  },
  accountExists: {
    subject: ({ productName }) => `Vous avez déjà un compte ${productName}`,
    preheader: 'Connectez-vous, ou réinitialisez votre mot de passe si vous l’avez oublié.',
    heading: 'Vous avez déjà un compte',
    intro: ({ productName }) =>
      `Quelqu’un, sans doute vous, a voulu créer un compte ${productName} avec cette adresse e-mail. Elle a déjà un compte${NBSP}: aucun nouveau compte n’a été créé.`,
    signInButton: 'Se connecter',
    forgot: `Mot de passe oublié${NBSP}? Choisissez-en un nouveau${NBSP}:`,
    resetButton: 'Réinitialiser mon mot de passe',
    notYou: `Ce n’était pas vous${NBSP}? Ignorez simplement cet e-mail${NBSP}: votre compte n’a pas changé.`,
  },
  invitation: {
    subject: ({ schoolName }) => `Vous êtes invité à rejoindre ${schoolName}`,
    preheader: ({ schoolName, role }) => `Rejoignez ${schoolName} en tant que ${role}.`,
    heading: ({ schoolName }) => `Rejoindre ${schoolName}`,
    intro: ({ schoolName, role, inviterName }) =>
      `${inviterName ? `${inviterName} vous invite` : 'Vous êtes invité'} à rejoindre ${schoolName} en tant que ${role}. Acceptez avec le bouton ci-dessous${NBSP}: vous créerez votre compte, ou vous vous connecterez si vous en avez déjà un.`,
    acceptButton: 'Accepter l’invitation',
    expiry: ({ expiresInDays }) =>
      `Le lien n’est valable qu’une fois, pendant ${expiresInDays}${NBSP}jour${expiresInDays > 1 ? 's' : ''}.`,
    notYou: `Vous ne vous y attendiez pas${NBSP}? Ignorez simplement cet e-mail${NBSP}: rien ne se passe tant que vous n’acceptez pas.`,
    roles: { admin: 'administrateur', instructor: 'formateur', learner: 'apprenant' },
  },
  passwordReset: {
    subject: ({ productName }) => `Réinitialisez votre mot de passe ${productName}`,
    preheader: ({ expiresInMinutes }) => `Le lien est valable ${minutes(expiresInMinutes)}.`,
    heading: 'Choisissez un nouveau mot de passe',
    intro: `Nous avons reçu une demande de réinitialisation du mot de passe de votre compte. Choisissez-en un nouveau avec le bouton ci-dessous${NBSP}:`,
    resetButton: 'Choisir un nouveau mot de passe',
    expiry: ({ expiresInMinutes }) => `Le lien ne sert qu’une fois, pendant ${minutes(expiresInMinutes)}.`,
    notYou: `Vous n’avez rien demandé${NBSP}? Ignorez simplement cet e-mail${NBSP}: votre mot de passe n’a pas changé.`,
  },
  welcome: {
    subject: ({ schoolName, productName }) => `${schoolName} est en ligne sur ${productName}`,
    preheader: ({ schoolUrl }) => `Votre école vous attend sur ${schoolUrl}`,
    heading: 'Votre école est en ligne',
    intro: ({ schoolName }) =>
      `Bonne nouvelle${NBSP}: votre école ${schoolName} est prête et dispose de sa propre adresse.`,
    schoolAddressLabel: `Adresse de l’école${NBSP}:`,
    adminAccountLabel: `Compte administrateur${NBSP}:`,
    firstSignInHeading: 'Votre première connexion',
    firstSignInSteps: ({ adminEmail }) => [
      'Ouvrez la page de connexion avec le bouton ci-dessous.',
      `Connectez-vous avec votre adresse d’administrateur, ${adminEmail}.`,
      'Invitez vos formateurs et créez votre premier cours.',
    ],
    signInButton: ({ schoolName }) => `Se connecter à ${schoolName}`,
    tip: ({ schoolUrl }) =>
      `Astuce${NBSP}: ajoutez ${schoolUrl} à vos favoris. C’est aussi l’adresse qu’utiliseront vos apprenants.`,
  },
  paymentFailed: {
    subject: ({ schoolName }) => `Action requise${NBSP}: le paiement pour ${schoolName} a échoué`,
    preheader: ({ amount }) =>
      `Nous n’avons pas pu encaisser ${amount}. Merci de mettre à jour votre moyen de paiement.`,
    heading: 'Votre paiement n’a pas abouti',
    intro: ({ amount, schoolName, productName }) =>
      `Nous avons tenté de prélever ${amount} pour l’abonnement ${productName} de ${schoolName}, mais le paiement n’est pas passé.`,
    retry: ({ retryDate }) =>
      `Nous referons une tentative le ${retryDate}. Pour éviter toute interruption, mettez à jour votre moyen de paiement d’ici là.`,
    noRetry: ({ schoolName }) =>
      `Pour que ${schoolName} reste en ligne, mettez à jour votre moyen de paiement dès que possible.`,
    updateButton: 'Mettre à jour mon moyen de paiement',
    causes: `Causes les plus fréquentes${NBSP}: carte expirée, provision insuffisante ou paiement bloqué par la banque.`,
  },
  subscriptionCanceled: {
    subject: ({ schoolName, productName }) =>
      `Votre abonnement ${productName} pour ${schoolName} est résilié`,
    preheader: ({ effectiveDate }) => `Fin de l’accès le ${effectiveDate}.`,
    heading: 'Votre abonnement est résilié',
    intro: ({ schoolName, productName }) =>
      `L’abonnement ${productName} de ${schoolName} a bien été résilié.`,
    effectiveDateLabel: `Fin de l’accès${NBSP}:`,
    exportIntro: `Vous souhaitez conserver les cours, les membres et la progression de votre école${NBSP}? Téléchargez une copie de vos données tant qu’il en est encore temps.`,
    exportButton: 'Exporter mes données',
    resubscribeIntro: `Vous avez changé d’avis${NBSP}? Vous pouvez vous réabonner à tout moment.`,
    resubscribeButton: 'Me réabonner',
    thanks: ({ productName }) => `Merci d’avoir choisi ${productName}.`,
  },
  reportDecided: {
    subject: ({ schoolName }) => `Votre signalement sur ${schoolName} a été examiné`,
    heading: 'Votre signalement a été examiné',
    intro: ({ schoolName, itemTitle }) =>
      `Vous avez signalé «${NBSP}${itemTitle}${NBSP}» sur ${schoolName}. Nos modérateurs l’ont examiné.`,
    outcomes: {
      dismissed: `Ils ont estimé qu’il respecte les règles${NBSP}: il reste en ligne.`,
      unpublished: 'Le contenu a été retiré.',
      tenant_suspended: 'L’école a été suspendue.',
    },
    thanks: 'Merci de nous aider à garder la plateforme sûre.',
  },
  contentUnpublished: {
    subject: ({ courseTitle }) => `«${NBSP}${courseTitle}${NBSP}» a été dépublié après un signalement`,
    preheader: ({ itemTitle }) => `Des membres ont signalé «${NBSP}${itemTitle}${NBSP}».`,
    heading: 'Un cours a été dépublié',
    intro: ({ schoolName, productName }) =>
      `Des membres de ${schoolName} ont signalé un contenu, et les modérateurs de ${productName} ont dépublié le cours qui le contient.`,
    itemLabel: `Signalé${NBSP}:`,
    courseLabel: `Cours dépublié${NBSP}:`,
    next: 'Vérifiez le contenu, puis publiez de nouveau le cours depuis votre école lorsqu’il respecte les règles.',
  },
}
