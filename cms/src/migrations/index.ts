import * as migration_20261121_201843_initial from './20261121_201843_initial.ts'
import * as migration_20261121_201844_audit_log_append_only from './20261121_201844_audit_log_append_only.ts'
import * as migration_20261121_201845_audit_log_no_truncate from './20261121_201845_audit_log_no_truncate.ts'
import * as migration_20261121_221956_accounts from './20261121_221956_accounts.ts'
import * as migration_20261121_223023_learning from './20261121_223023_learning.ts'
import * as migration_20261122_010016_school_roles_attachments from './20261122_010016_school_roles_attachments.ts'
import * as migration_20261122_010211_reports from './20261122_010211_reports.ts'

export const migrations = [
  {
    up: migration_20261121_201843_initial.up,
    down: migration_20261121_201843_initial.down,
    name: '20261121_201843_initial',
  },
  {
    up: migration_20261121_201844_audit_log_append_only.up,
    down: migration_20261121_201844_audit_log_append_only.down,
    name: '20261121_201844_audit_log_append_only',
  },
  {
    up: migration_20261121_201845_audit_log_no_truncate.up,
    down: migration_20261121_201845_audit_log_no_truncate.down,
    name: '20261121_201845_audit_log_no_truncate',
  },
  {
    up: migration_20261121_221956_accounts.up,
    down: migration_20261121_221956_accounts.down,
    name: '20261121_221956_accounts',
  },
  {
    up: migration_20261121_223023_learning.up,
    down: migration_20261121_223023_learning.down,
    name: '20261121_223023_learning',
  },
  {
    up: migration_20261122_010016_school_roles_attachments.up,
    down: migration_20261122_010016_school_roles_attachments.down,
    name: '20261122_010016_school_roles_attachments',
  },
  {
    up: migration_20261122_010211_reports.up,
    down: migration_20261122_010211_reports.down,
    name: '20261122_010211_reports',
  },
]
