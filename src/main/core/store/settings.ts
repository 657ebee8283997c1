import { randomBytes } from 'node:crypto'
import type Database from 'better-sqlite3'
import { INGEST_KEY_PATTERN } from '../../../shared/limits'
import { normalizeOrigin } from '../../../shared/origins'
import type { Settings, SettingsPatch } from '../../../shared/types'
import type { Transactions } from './transactions'

/** What a fresh database says: keep everything until the user chooses a retention; any origin with the key. */
export const DEFAULT_SETTINGS: Readonly<Settings> = { retentionDays: null, ingestKey: null, allowedOrigins: [] }

/** A stored row's JSON, or undefined when missing or unreadable (a hand-edited row). */
function readJson(raw: string | undefined): unknown {
  if (raw === undefined) return undefined
  try {
    return JSON.parse(raw)
  } catch {
    return undefined
  }
}

function readRetentionDays(value: unknown): number | null {
  // A hand-edited row must not turn into "prune everything": anything but a positive integer keeps all.
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : null
}

function readIngestKey(value: unknown): string | null {
  return typeof value === 'string' && INGEST_KEY_PATTERN.test(value) ? value : null
}

/** Entries that are not origins (a hand-edited row) are dropped; the ingest key still guards the receiver. */
function readAllowedOrigins(value: unknown): string[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((entry) => (typeof entry === 'string' ? (normalizeOrigin(entry) ?? []) : []))
}

const newIngestKey = (): string => randomBytes(24).toString('base64url')

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
    const rows = new Map(this.statements.all.all().map((row) => [row.key, readJson(row.value)]))
    return {
      retentionDays: readRetentionDays(rows.get('retentionDays')),
      ingestKey: readIngestKey(rows.get('ingestKey')),
      allowedOrigins: readAllowedOrigins(rows.get('allowedOrigins'))
    }
  }

  /** Applies the keys present in `patch` (undefined = unchanged) and returns the settings now in force. */
  update(patch: SettingsPatch): Settings {
    return this.transactions.immediate(() => {
      if (patch.retentionDays !== undefined) {
        this.statements.put.run('retentionDays', JSON.stringify(patch.retentionDays))
      }
      if (patch.allowedOrigins !== undefined) {
        const origins = [...new Set(patch.allowedOrigins.map((origin) => normalizeOrigin(origin) ?? origin))]
        this.statements.put.run('allowedOrigins', JSON.stringify(origins))
      }
      return this.get()
    })
  }

  /** The ingest key, made (once, in one IMMEDIATE transaction, so two apps agree) when there is none. */
  ensureIngestKey(): string {
    return this.transactions.immediate(() => {
      const existing = this.get().ingestKey
      if (existing) return existing
      const key = newIngestKey()
      this.statements.put.run('ingestKey', JSON.stringify(key))
      return key
    })
  }

  /** A new random ingest key; the old one is refused from now on. */
  rotateIngestKey(): Settings {
    return this.transactions.immediate(() => {
      this.statements.put.run('ingestKey', JSON.stringify(newIngestKey()))
      return this.get()
    })
  }
}
