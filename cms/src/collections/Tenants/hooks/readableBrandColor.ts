import { isHexColor, whiteTextReadableOn } from '@lyceum/domain'
import { isPlatform } from '@lyceum/tenancy'
import { type CollectionBeforeChangeHook, ValidationError } from 'payload'
import { actorOf } from '../../../access/actor.ts'

/**
 * A school's admins may only choose a brand colour that white text reads on at WCAG AA (4.5:1):
 * the header band and buttons put white text on it. Checked when the colour changes, for every
 * caller but the platform (the hub's onboarding and super-admins keep their own choice; the
 * tenant-app derives readable text colours from any colour anyway).
 */
export const readableBrandColor: CollectionBeforeChangeHook = ({ data, originalDoc, req, collection }) => {
  if (!req.user || isPlatform(actorOf(req))) return data
  const color = (data.branding as { primaryColor?: unknown } | undefined)?.primaryColor
  const before = (originalDoc?.branding as { primaryColor?: unknown } | undefined)?.primaryColor
  if (typeof color !== 'string' || color === before || !isHexColor(color)) return data
  if (!whiteTextReadableOn(color)) {
    throw new ValidationError(
      {
        collection: collection.slug,
        errors: [
          {
            path: 'branding.primaryColor',
            message: 'White text is hard to read on this colour (WCAG AA needs 4.5:1): choose a darker one.',
          },
        ],
      },
      req.t,
    )
  }
  return data
}
