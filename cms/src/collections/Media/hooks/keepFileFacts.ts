import type { CollectionBeforeChangeHook } from 'payload'

const FILE_FACTS = ['filesize', 'mimeType', 'width', 'height'] as const

/**
 * Size, type and dimensions describe the stored file: only an uploaded file sets them. On an
 * update without a new file they keep their stored values, whatever the request says (a caller
 * could otherwise shrink `filesize` and get around the storage quota). Runs before
 * enforceStorageQuota.
 */
export const keepFileFacts: CollectionBeforeChangeHook = ({ data, originalDoc, operation, req }) => {
  if (operation !== 'update' || req.file || !originalDoc) return data
  const kept = { ...data }
  for (const field of FILE_FACTS) kept[field] = originalDoc[field]
  return kept
}
