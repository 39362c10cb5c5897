import type { SanitizedConfig } from 'payload'
import { changeLocks } from './access/changeLocks.ts'
import { createLock } from './access/createLock.ts'
import { readLocks } from './access/readLocks.ts'

/**
 * `payload-locked-documents` is added by Payload itself (after plugins run), open to every
 * logged-in caller: anyone could list every school's locks (document and user ids) and lock
 * another school's documents in anyone's name. This gives it tenant-aware access rules.
 */
export function restrictDocumentLocks(config: SanitizedConfig): SanitizedConfig {
  const locks = config.collections.find((collection) => collection.slug === 'payload-locked-documents')
  // Absent when no collection uses document locking.
  if (locks) {
    locks.access = {
      ...locks.access,
      read: readLocks,
      create: createLock,
      update: changeLocks,
      delete: changeLocks,
    }
  }
  return config
}
