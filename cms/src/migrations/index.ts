import * as migration_20261121_195832_initial from './20261121_195832_initial.ts'

export const migrations = [
  {
    up: migration_20261121_195832_initial.up,
    down: migration_20261121_195832_initial.down,
    name: '20261121_195832_initial',
  },
]
