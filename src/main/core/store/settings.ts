import type Database from 'better-sqlite3'
import type { Settings } from '../../../shared/types'
import type { Transactions } from './transactions'

/** What a fresh database says: keep everything until the user chooses a retention. */
export const DEFAULT_SETTINGS: Readonly<Settings> = { retentionDays: null }

/** Reads one setting's stored JSON, falling back to the default for a missing or unreadable row. */
function readRetentionDays(raw: string | undefined): number | null {
  if (raw === undefined) return DEFAULT_SETTINGS.retentionDays
  try {
    const value: unknown = JSON.parse(raw)
    // A hand-edited row must not turn into "prune everything": anything but a positive integer keeps all.
    return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : null
  } catch {
    return null
  }
}

/** The `settings` table (migration 3): one JSON value per key. */
export class SettingsTable {
  private readonly statements

  constructor(
    db: Database.Database,
    private readonly transactions: Transactions
  ) {
    this.statements = {
      all: db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings'),
      put: db.prepare<[string, string]>(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
      )
    }
  }

  get(): Settings {
    const rows = new Map(this.statements.all.all().map((row) => [row.key, row.value]))
    return { retentionDays: readRetentionDays(rows.get('retentionDays')) }
  }

  /** Applies the keys present in `patch` (undefined = unchanged) and returns the settings now in force. */
  update(patch: Partial<Settings>): Settings {
    return this.transactions.immediate(() => {
      if (patch.retentionDays !== undefined) {
        this.statements.put.run('retentionDays', JSON.stringify(patch.retentionDays))
      }
      return this.get()
    })
  }
}
