import type { CmsClient } from '@lyceum/cms-client'

export type Health = { status: 'ok' | 'unavailable'; cms: 'ok' | 'unreachable'; checkedAt: string }

/**
 * Asks the cms for what the hub needs most, the number of plans (a public read). Never throws:
 * a cms that cannot answer (down, timing out, failing, answering nonsense) is reported.
 */
export async function checkHealth(cms: Pick<CmsClient, 'count'>): Promise<Health> {
  const checkedAt = new Date().toISOString()
  try {
    await cms.count('plans')
    return { status: 'ok', cms: 'ok', checkedAt }
  } catch {
    return { status: 'unavailable', cms: 'unreachable', checkedAt }
  }
}
